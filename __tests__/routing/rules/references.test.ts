// FR-REF-*: references between models, deployments, routes and task classes resolve, and ids are unique.
import { type ConfigData, deploymentOf, DEV, model, MODELS, TASK_CLASSES } from "../../../fixtures/builder";
import { expectOne, ofRule, run } from "./run";

describe("FR-REF-1 unknown model", () => {
  test("a deployment named differently from its model passes", () => {
    // GIVEN a deployment whose name is not a model id but whose model is
    const r = run((d) => {
      deploymentOf(d, "dev", "eus2/gpt-test").name = "chat-main";
      d.envs.dev!.routes[0]!.targets[0]!.deployment = "eus2/chat-main";
    });
    // THEN the model reference resolves
    expect(ofRule(r.findings, "FR-REF-1")).toEqual([]);
  });

  test("a deployment of a model the catalog lacks is an error naming the known ids", () => {
    // GIVEN a deployment of "gpt-5", which the catalog does not describe
    const r = run((d) => (deploymentOf(d, "dev", "eus2/gpt-test").model = "gpt-5"));
    // THEN FR-REF-1 points at the deployment's model and lists the catalog ids, sorted
    const f = expectOne(r, { rule: "FR-REF-1", level: "error", file: DEV, path: "accounts[0].deployments[0].model", onLine: "gpt-5" });
    expect(f.message).toBe('unknown model "gpt-5" (expected one of: claude-test, gpt-test, llama-test, mai-test)');
    expect(f.subject).toBe("eus2/gpt-test");
  });

  test("a near miss is answered with the id it most likely meant", () => {
    // GIVEN a deployment of "gpt-tset", two edits from gpt-test
    const r = run((d) => (deploymentOf(d, "dev", "eus2/gpt-test").model = "gpt-tset"));
    // THEN the message suggests gpt-test before listing the catalog ids
    const f = expectOne(r, { rule: "FR-REF-1", level: "error", file: DEV, path: "accounts[0].deployments[0].model" });
    expect(f.message).toBe(
      'unknown model "gpt-tset" (did you mean "gpt-test"? expected one of: claude-test, gpt-test, llama-test, mai-test)',
    );
  });

  test("a quota for a model the catalog lacks is an error at the quota", () => {
    // GIVEN a quota written with the Azure model name instead of the catalog id
    const r = run((d) => (d.envs.dev!.quotas = [{ region: "eastus2", sku: "GlobalStandard", model: "gpt-4o-2024-11-20", capacity: 10 }]));
    // THEN FR-REF-1 points at the quota's model
    const f = expectOne(r, { rule: "FR-REF-1", level: "error", file: DEV, path: "quotas[0].model", onLine: "gpt-4o-2024-11-20" });
    expect(f.message).toMatch(/^quota for unknown model "gpt-4o-2024-11-20" \(a catalog id, not the Azure model name; expected one of: /);
  });

  test("the list of known ids is cut after eight", () => {
    // GIVEN a catalog of twelve models
    const r = run((d) => {
      for (let i = 0; i < 8; i++) d.models.models.push(model(`extra-${i}`, "meta"));
      deploymentOf(d, "dev", "eus2/gpt-test").model = "gpt-5";
    });
    // WHEN a deployment names an unknown model THEN the message shows eight ids and an ellipsis
    const f = expectOne(r, { rule: "FR-REF-1", level: "error", file: DEV, path: "accounts[0].deployments[0].model" });
    expect(f.message).toMatch(/\(expected one of: ([a-z0-9-]+, ){8}…\)$/);
  });
});

describe("FR-REF-2 unknown deployment", () => {
  test("references into another account of the same environment pass", () => {
    // GIVEN the baseline, whose routes reach deployments in eus2 and swc
    const r = run();
    // THEN all references resolve
    expect(ofRule(r.findings, "FR-REF-2")).toEqual([]);
  });

  test("a target naming a missing deployment is an error listing the known refs", () => {
    // GIVEN a route target eus2/gpt-5 that no account declares
    const r = run((d) => (d.envs.dev!.routes[0]!.targets[0]!.deployment = "eus2/gpt-5"));
    // THEN FR-REF-2 points at that target
    const f = expectOne(r, { rule: "FR-REF-2", level: "error", file: DEV, path: "routes[0].targets[0].deployment", onLine: "eus2/gpt-5" });
    expect(f.message).toBe('unknown deployment "eus2/gpt-5" (expected one of: eus2/gpt-test, eus2/mai-test, swc/llama-test)');
    expect(f.subject).toBe("chat");
  });

  test("a deployment that exists only in another environment is unknown here", () => {
    // GIVEN prod declares eus2/extra, and dev's fallback names it
    const r = run((d) => {
      const prod = JSON.parse(JSON.stringify(d.envs.dev));
      prod.accounts[0].deployments.push({ name: "extra", model: "gpt-test" });
      prod.routes[1].fallbacks.push("eus2/extra");
      d.envs.prod = prod;
      d.envs.dev!.routes[1]!.fallbacks!.push("eus2/extra");
    });
    // THEN only dev's reference is reported
    expectOne(r, { rule: "FR-REF-2", level: "error", file: DEV, path: "routes[1].fallbacks[1]", onLine: "eus2/extra" });
  });

  test("a reference without an account says what shape is expected", () => {
    // GIVEN a fallback written as a bare deployment name
    const r = run((d) => (d.envs.dev!.routes[0]!.fallbacks = ["llama-test"]));
    // THEN the message asks for <account>/<deployment>
    const f = expectOne(r, { rule: "FR-REF-2", level: "error", file: DEV, path: "routes[0].fallbacks[0]" });
    expect(f.message).toContain("(expected <account>/<deployment>)");
  });
});

describe("FR-REF-3 unknown task class", () => {
  test("routes, traffic and defaultRoute naming declared classes pass", () => {
    // GIVEN traffic estimates for both classes and a default route
    const r = run((d) => (d.envs.dev!.traffic!["document-drafting"] = { requestsPerDay: 1, inputTokens: 1, outputTokens: 1 }));
    // THEN nothing is unknown
    expect(ofRule(r.findings, "FR-REF-3")).toEqual([]);
  });

  test("a route for an undeclared class is an error", () => {
    // GIVEN a route for "summarise", which task-classes.yaml does not declare
    const r = run((d) => (d.envs.dev!.routes[0]!.taskClass = "summarise"));
    // THEN FR-REF-3 points at the route's taskClass
    const f = expectOne(r, { rule: "FR-REF-3", level: "error", file: DEV, path: "routes[0].taskClass", onLine: "summarise" });
    expect(f.message).toBe('route names unknown task class "summarise" (expected one of: chat, document-drafting)');
  });

  test("a traffic estimate for an undeclared class is an error", () => {
    // GIVEN traffic for "summarise"
    const r = run((d) => (d.envs.dev!.traffic!.summarise = { requestsPerDay: 1, inputTokens: 1, outputTokens: 1 }));
    // THEN FR-REF-3 points at the traffic key
    // (the line is that of the key's value, a mapping: routing/config/source.ts positions values, not keys)
    expectOne(r, { rule: "FR-REF-3", level: "error", file: DEV, path: "traffic.summarise" });
  });

  test("a defaultRoute naming an undeclared class is an error", () => {
    // GIVEN defaultRoute: summarise
    const r = run((d) => (d.envs.dev!.defaultRoute = "summarise"));
    // THEN FR-REF-3 points at defaultRoute
    expectOne(r, { rule: "FR-REF-3", level: "error", file: DEV, path: "defaultRoute", onLine: "defaultRoute: summarise" });
  });
});

describe("FR-REF-4 duplicate ids", () => {
  test("one deployment name in two accounts, and one account id in two environments, pass", () => {
    // GIVEN swc also has a deployment named gpt-test, and prod reuses dev's account ids
    const r = run((d) => {
      d.envs.dev!.accounts[1]!.deployments.push({ name: "gpt-test", model: "gpt-test" });
      d.envs.prod = JSON.parse(JSON.stringify(d.envs.dev));
    });
    // THEN those are distinct
    expect(ofRule(r.findings, "FR-REF-4")).toEqual([]);
  });

  const cases: { what: string; mutate: (d: ConfigData) => void; file: string; path: string; first: string }[] = [
    {
      what: "model id",
      mutate: (d) => d.models.models.push(model("gpt-test", "openai")),
      file: MODELS,
      path: "models[4].id",
      first: "models[0].id",
    },
    {
      what: "task class id",
      mutate: (d) => d.taskClasses.taskClasses.push({ ...d.taskClasses.taskClasses[0]! }),
      file: TASK_CLASSES,
      path: "taskClasses[2].id",
      first: "taskClasses[0].id",
    },
    {
      what: "account id",
      mutate: (d) => (d.envs.dev!.accounts[1]!.id = "eus2"),
      file: DEV,
      path: "accounts[1].id",
      first: "accounts[0].id",
    },
    {
      what: "deployment name in account eus2",
      mutate: (d) => d.envs.dev!.accounts[0]!.deployments.push({ name: "gpt-test", model: "mai-test" }),
      file: DEV,
      path: "accounts[0].deployments[2].name",
      first: "accounts[0].deployments[0].name",
    },
    {
      what: "route for task class",
      mutate: (d) => d.envs.dev!.routes.push(JSON.parse(JSON.stringify(d.envs.dev!.routes[0]!))),
      file: DEV,
      path: "routes[2].taskClass",
      first: "routes[0].taskClass",
    },
    {
      what: "target of route chat",
      mutate: (d) => {
        const route = d.envs.dev!.routes[0]!;
        route.targets = [
          { deployment: route.targets[0]!.deployment, weight: 60 },
          { deployment: route.targets[0]!.deployment, weight: 40 },
        ];
      },
      file: DEV,
      path: "routes[0].targets[1].deployment",
      first: "routes[0].targets[0].deployment",
    },
    {
      what: "consumer id",
      mutate: (d) =>
        Object.assign(d.envs.dev!, {
          consumers: [
            { id: "ide", identities: ["0f1e2d3c-4b5a-4697-8877-665544332211"], taskClasses: ["chat"] },
            { id: "ide", identities: ["3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f"], taskClasses: ["chat"] },
          ],
        }),
      file: DEV,
      path: "consumers[1].id",
      first: "consumers[0].id",
    },
    {
      what: "RAI policy name in account eus2",
      mutate: (d) => d.envs.dev!.accounts[0]!.raiPolicies!.push({ ...d.envs.dev!.accounts[0]!.raiPolicies![0]! }),
      file: DEV,
      path: "accounts[0].raiPolicies[1].name",
      first: "accounts[0].raiPolicies[0].name",
    },
  ];
  test.each(cases)("a duplicate $what is an error at the second occurrence naming the first", ({ what, mutate, file, path, first }) => {
    // GIVEN a second occurrence of an id
    const r = run(mutate);
    // THEN FR-REF-4 points at the second and names the first's path
    const f = expectOne(r, { rule: "FR-REF-4", level: "error", file, path });
    expect(f.message).toContain(`duplicate ${what} "`);
    expect(f.message).toContain(`(first declared at ${first})`);
  });
});

test("FR-REF-4: deployment names that differ only in '.' vs '_' collide on one Terraform address", () => {
  // GIVEN eus2 deploys gpt-test and gpt.test, which both become deployment_eus2_gpt_test in Terraform
  const r = run((d) => {
    d.envs.dev!.accounts[0]!.deployments[0]!.name = "gpt_test";
    d.envs.dev!.accounts[0]!.deployments.push({ name: "gpt.test", model: "gpt-test" });
  });
  // THEN FR-REF-4 refuses the second, naming the first
  const f = expectOne(r, { rule: "FR-REF-4", level: "error", file: DEV, path: "accounts[0].deployments[2].name" });
  expect(f.message).toContain('"gpt.test" maps to the same Terraform address as "gpt_test"');
});

describe("FR-REF-5 task class without route", () => {
  test("every class routed in every environment passes", () => {
    // GIVEN a second environment routing both classes
    const r = run((d) => (d.envs.prod = JSON.parse(JSON.stringify(d.envs.dev))));
    // THEN no gaps
    expect(ofRule(r.findings, "FR-REF-5")).toEqual([]);
  });

  test("a class with no route in an environment is an error at that file's routes", () => {
    // GIVEN dev routes only chat
    const r = run((d) => d.envs.dev!.routes.splice(1, 1));
    // THEN FR-REF-5 names document-drafting, in dev.yaml at routes
    const f = expectOne(r, { rule: "FR-REF-5", level: "error", file: DEV, path: "routes" });
    expect(f.subject).toBe("document-drafting");
    expect(f.message).toBe(
      'task class "document-drafting" has no route in environment dev (expected one route with taskClass: document-drafting)',
    );
  });
});
