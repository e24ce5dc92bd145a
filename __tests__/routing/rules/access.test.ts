// Consumer rules: who may call the gateway is checked before anything is written.
import { type ConfigData, DEV, consumer } from "../../../fixtures/builder";
import { expectOne, ofRule, run } from "./run";

const TENANT = "11111111-2222-3333-4444-555555555555";
const APP_A = "0f1e2d3c-4b5a-4697-8877-665544332211";
const APP_B = "3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f";

/** dev with Entra ID access, a gateway, and one consumer per class. */
const withConsumers = (d: ConfigData) => {
  Object.assign(d.envs.dev!, {
    gateway: { create: true, publisherName: "Platform", publisherEmail: "platform@example.com" },
    access: { tenantId: TENANT, audiences: ["api://fr-dev"] },
    consumers: [
      consumer("ide", [APP_A], ["chat"], { quotas: [{ taskClass: "chat", tokens: 1000, period: "Daily" }] }),
      consumer("docs", [APP_B], ["document-drafting"]),
    ],
  });
};

describe("FR-ACCESS-1 consumer access", () => {
  test("consumers with routed classes, one identity each and their own quota classes pass", () => {
    const r = run(withConsumers);
    expect(ofRule(r.findings, "FR-ACCESS-1")).toEqual([]);
  });

  test("an unknown task class is an error at its index", () => {
    const r = run((d) => {
      withConsumers(d);
      (d.envs.dev as { consumers: { taskClasses: string[] }[] }).consumers[0]!.taskClasses.push("chta");
    });
    const f = expectOne(r, { rule: "FR-ACCESS-1", level: "error", file: DEV, path: "consumers[0].taskClasses[1]", onLine: "chta" });
    expect(f.message).toBe('consumer ide names unknown task class "chta"; expected one of config/task-classes.yaml');
  });

  test("two consumers claiming one identity, differing only in case, is an error at the second", () => {
    const r = run((d) => {
      withConsumers(d);
      (d.envs.dev as { consumers: { identities: string[] }[] }).consumers[1]!.identities.push(APP_A.toUpperCase());
    });
    const f = expectOne(r, { rule: "FR-ACCESS-1", level: "error", file: DEV, path: "consumers[1].identities[1]" });
    expect(f.message).toBe(`identity ${APP_A.toUpperCase()} is claimed by consumers ide and docs; expected one consumer per identity`);
  });

  test("a quota for a class the consumer may not use is an error", () => {
    const r = run((d) => {
      withConsumers(d);
      (d.envs.dev as { consumers: { quotas: { taskClass: string }[] }[] }).consumers[0]!.quotas[0]!.taskClass = "document-drafting";
    });
    const f = expectOne(r, { rule: "FR-ACCESS-1", level: "error", file: DEV, path: "consumers[0].quotas[0].taskClass" });
    expect(f.message).toContain("which the consumer may not use; expected one of chat");
  });

  test("consumers without an access block are an error", () => {
    const r = run((d) => {
      withConsumers(d);
      delete (d.envs.dev as { access?: unknown }).access;
    });
    const f = expectOne(r, { rule: "FR-ACCESS-1", level: "error", file: DEV, path: "consumers" });
    expect(f.message).toContain("no access block");
  });
});

describe("FR-ACCESS-2 served class without consumer", () => {
  test("every served class with a consumer passes", () => {
    expect(ofRule(run(withConsumers).findings, "FR-ACCESS-2")).toEqual([]);
  });

  test("a served class no consumer lists is a warning at its route", () => {
    const r = run((d) => {
      withConsumers(d);
      (d.envs.dev as { consumers: unknown[] }).consumers.pop();
    });
    const f = expectOne(r, { rule: "FR-ACCESS-2", level: "warning", file: DEV, path: "routes[1].taskClass", onLine: "document-drafting" });
    expect(f.message).toBe(
      "task class document-drafting is served by the gateway but no consumer may use it; every request for it is answered 403",
    );
  });
});
