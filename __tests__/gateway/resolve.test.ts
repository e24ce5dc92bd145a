import fc from "fast-check";
import { stickyBucket } from "../../routing/table/hash";
import {
  MISSING_CLASS_MESSAGE,
  type RoutedDecision,
  apiTable,
  modelLabel,
  resolve,
  unknownClassMessage,
} from "../../routing/table/resolve";
import { BUCKETS } from "../../routing/table/table";
import { tableOf } from "../../fixtures/builder";
import { fixture } from "./helpers";

const prod = () => fixture().tables.get("prod")!;
const staging = () => fixture().tables.get("staging")!;
const routed = (d: ReturnType<typeof resolve>): RoutedDecision => {
  if (d.status !== "routed") throw new Error(`expected a routed decision, got ${JSON.stringify(d)}`);
  return d;
};

describe("resolve: which task class", () => {
  test("the x-task-class header wins over the body's model", () => {
    // GIVEN prod, which routes autocomplete and chat
    // WHEN a request names autocomplete in the header and chat in the body
    const d = routed(resolve(prod(), { headers: { "X-Task-Class": "autocomplete" }, bodyModel: "chat", randomBucket: 0 }));
    // THEN the header decides, and says so
    expect(d.taskClass).toBe("autocomplete");
    expect(d.source).toBe("header");
  });

  test("without the header, the body's model names the class (OpenAI SDK clients)", () => {
    // GIVEN prod
    // WHEN an OpenAI SDK client sends model: "reasoning" and no header
    const d = routed(resolve(prod(), { headers: {}, bodyModel: " reasoning ", randomBucket: 0 }));
    // THEN the body's model is the task class (trimmed)
    expect(d.taskClass).toBe("reasoning");
    expect(d.source).toBe("body-model");
  });

  test("an empty header counts as absent", () => {
    // GIVEN prod
    // WHEN the header is blank and the body names chat
    const d = routed(resolve(prod(), { headers: { "x-task-class": "  " }, bodyModel: "chat", randomBucket: 0 }));
    // THEN the body decides
    expect(d.taskClass).toBe("chat");
  });

  test("an unknown class is a 400 listing the valid classes", () => {
    // GIVEN prod
    // WHEN a client sends a model name instead of a task class
    const d = resolve(prod(), { headers: {}, bodyModel: "gpt-4o", randomBucket: 0 });
    // THEN the request is refused with every class prod routes, sorted
    expect(d).toEqual({
      status: 400,
      code: "unknown-task-class",
      error: unknownClassMessage("gpt-4o"),
      validClasses: ["autocomplete", "chat", "code-review", "reasoning"],
    });
  });

  test("no class goes to the environment's default route", () => {
    // GIVEN prod, whose defaultRoute is chat
    // WHEN a request names no class at all
    const d = routed(resolve(prod(), { headers: {}, randomBucket: 0 }));
    // THEN chat serves it, and the decision says why
    expect(d.taskClass).toBe("chat");
    expect(d.source).toBe("default-route");
  });

  test("no class and no default route is a 400", () => {
    // GIVEN staging, which declares no defaultRoute
    // WHEN a request names no class
    const d = resolve(staging(), { headers: {}, randomBucket: 0 });
    // THEN it is refused and told how to name a class
    expect(d).toEqual({
      status: 400,
      code: "missing-task-class",
      error: MISSING_CLASS_MESSAGE,
      validClasses: ["autocomplete", "chat", "code-review", "reasoning"],
    });
  });

  test("each API knows only the routes of its shape; the default route only if it is one of them", () => {
    // GIVEN prod: code-review speaks anthropic-messages, the default route chat speaks chat-completions
    const anthropic = apiTable(prod(), "anthropic-messages");
    // WHEN the Anthropic API resolves a chat request, and a request without class
    const chat = resolve(anthropic, { headers: { "x-task-class": "chat" }, randomBucket: 0 });
    const none = resolve(anthropic, { headers: {}, randomBucket: 0 });
    // THEN chat is unknown there and nothing defaults
    expect(chat).toMatchObject({ status: 400, code: "unknown-task-class", validClasses: ["code-review"] });
    expect(none).toMatchObject({ status: 400, code: "missing-task-class" });
    expect(apiTable(prod(), "chat-completions").defaultRoute).toBe("chat");
  });
});

describe("resolve: which target", () => {
  test("a sticky session always lands on the same target, the one its hash bucket selects", () => {
    // GIVEN autocomplete: sticky on x-session-id, 70/30 between gpt-4o-mini and gpt-4o
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.nat({ max: BUCKETS - 1 }), fc.nat({ max: BUCKETS - 1 }), (session, r1, r2) => {
        // WHEN the same session calls twice, with different random draws
        const a = routed(resolve(prod(), { headers: { "x-task-class": "autocomplete", "x-session-id": session }, randomBucket: r1 }));
        const b = routed(resolve(prod(), { headers: { "X-Session-Id": session, "x-task-class": "autocomplete" }, randomBucket: r2 }));
        // THEN both use the hash bucket of the session and the same target
        expect(a.bucket).toBe(stickyBucket(session));
        expect(a.bucketSource).toBe("sticky");
        expect(a.stickyKey).toBe(session);
        expect(b.chosen).toEqual(a.chosen);
        expect(a.chosen.deployment).toBe(a.bucket < 70 ? "eus2/gpt-4o-mini" : "eus2/gpt-4o");
      }),
    );
  });

  test("sticky by subscription hashes the APIM subscription id", () => {
    // GIVEN chat, sticky on the subscription
    // WHEN a subscribed caller calls
    const d = routed(resolve(prod(), { headers: { "x-task-class": "chat" }, subscriptionId: "sub-123", randomBucket: 99 }));
    // THEN the bucket is the hash of the subscription id
    expect(d.bucket).toBe(stickyBucket("sub-123"));
    expect(d.stickyKey).toBe("sub-123");
  });

  test("a sticky route without its key in the request falls back to a random bucket", () => {
    // GIVEN autocomplete, sticky on x-session-id
    // WHEN the request carries no session header
    const d = routed(resolve(prod(), { headers: { "x-task-class": "autocomplete" }, randomBucket: 85 }));
    // THEN the random bucket decides and there is no sticky key
    expect(d.bucket).toBe(85);
    expect(d.bucketSource).toBe("random");
    expect(d.stickyKey).toBeUndefined();
    expect(d.chosen.deployment).toBe("eus2/gpt-4o");
  });

  test("weights split the buckets: each target owns exactly its weight in buckets", () => {
    // GIVEN autocomplete at 70/30
    // WHEN every bucket is resolved
    const counts = new Map<string, number>();
    for (let b = 0; b < BUCKETS; b++) {
      const d = routed(resolve(prod(), { headers: { "x-task-class": "autocomplete" }, randomBucket: b }));
      counts.set(d.chosen.deployment, (counts.get(d.chosen.deployment) ?? 0) + 1);
      expect(d.candidates.map((c) => c.weight)).toEqual([70, 30]);
    }
    // THEN the targets get 70 and 30 buckets
    expect(Object.fromEntries(counts)).toEqual({ "eus2/gpt-4o-mini": 70, "eus2/gpt-4o": 30 });
  });

  test("sticky keys spread over targets roughly by weight", () => {
    // GIVEN autocomplete at 70/30
    // WHEN 10,000 distinct sessions are resolved
    let mini = 0;
    for (let i = 0; i < 10_000; i++) {
      const d = routed(resolve(prod(), { headers: { "x-task-class": "autocomplete", "x-session-id": `session-${i}` } }));
      if (d.chosen.deployment === "eus2/gpt-4o-mini") mini++;
    }
    // THEN about 70% land on the 70-weight target (FNV-1a mod 100 is close to uniform)
    expect(mini / 10_000).toBeGreaterThan(0.67);
    expect(mini / 10_000).toBeLessThan(0.73);
  });

  test("buckets no target owns go to the first target with weight", () => {
    // GIVEN a route whose weights add up to 60, the first at weight 0
    const table = tableOf(
      "dev",
      [{ id: "m", vendor: "openai", api: "chat-completions", version: "1" }],
      [
        {
          id: "a",
          region: "eastus2",
          deployments: [
            { name: "x", model: "m" },
            { name: "y", model: "m" },
          ],
        },
      ],
      [
        {
          taskClass: "c",
          targets: [
            { deployment: "a/x", weight: 0 },
            { deployment: "a/y", weight: 60 },
          ],
        },
      ],
    );
    // WHEN a bucket past 60 is drawn
    const d = routed(resolve(table, { headers: { "x-task-class": "c" }, randomBucket: 75 }));
    // THEN the first target with weight serves; the zero-weight target never does
    expect(d.chosen.deployment).toBe("a/y");
    expect(routed(resolve(table, { headers: { "x-task-class": "c" }, randomBucket: 0 })).chosen.deployment).toBe("a/y");
  });

  test("a random bucket out of range is a programming error", () => {
    // GIVEN prod
    // WHEN the caller passes bucket 100
    // THEN the resolver refuses it
    expect(() => resolve(prod(), { headers: { "x-task-class": "reasoning" }, randomBucket: BUCKETS })).toThrow(RangeError);
  });
});

describe("resolve: fallbacks", () => {
  test("fallbacks are tried in YAML order after the chosen target", () => {
    // GIVEN chat: gpt-4o, then swc/gpt-4o, mai-ds-r1, gpt-4o-mini
    // WHEN chat is resolved
    const d = routed(resolve(prod(), { headers: { "x-task-class": "chat" }, randomBucket: 0 }));
    // THEN the walk keeps the YAML order
    expect(d.fallbacks.map((f) => f.deployment)).toEqual(["swc/gpt-4o", "eus2/mai-ds-r1", "eus2/gpt-4o-mini"]);
    expect(d.attempts.map((a) => a.deployment)).toEqual(["eus2/gpt-4o", "swc/gpt-4o", "eus2/mai-ds-r1", "eus2/gpt-4o-mini"]);
  });

  test("a fallback that is the chosen target (or repeated) is not tried twice", () => {
    // GIVEN a route whose fallbacks repeat its target and each other
    const table = tableOf(
      "dev",
      [{ id: "m", vendor: "openai", api: "chat-completions", version: "1" }],
      [
        {
          id: "a",
          region: "eastus2",
          deployments: [
            { name: "x", model: "m" },
            { name: "y", model: "m" },
          ],
        },
      ],
      [{ taskClass: "c", targets: [{ deployment: "a/x", weight: 100 }], fallbacks: ["a/x", "a/y", "a/y"] }],
    );
    // WHEN it is resolved
    const d = routed(resolve(table, { headers: { "x-task-class": "c" }, randomBucket: 0 }));
    // THEN each deployment appears once in the walk, while `fallbacks` stays as written
    expect(d.attempts.map((a) => a.deployment)).toEqual(["a/x", "a/y"]);
    expect(d.fallbacks).toHaveLength(3);
  });

  test("the served model is labelled catalog id @ version", () => {
    // GIVEN the chosen deployment of reasoning
    const d = routed(resolve(prod(), { headers: { "x-task-class": "reasoning" }, randomBucket: 0 }));
    // WHEN it is labelled for x-routed-model
    // THEN it carries the pinned version
    expect(modelLabel(d.chosen)).toBe("mai-ds-r1@1");
    expect(modelLabel({ model: "m", version: "" })).toBe("m");
  });
});
