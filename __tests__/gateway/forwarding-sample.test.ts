// The sample's non-default serving surfaces: MAI-Thinking-1 on /mai/v1 without api-version, the model router as an
// Azure OpenAI deployment with the o-series api-version.
import { join } from "node:path";
import { loadConfigDir } from "../../io/config-files";
import { environmentGatewayPlan } from "../../routing/gateway/plan";

const config = loadConfigDir(join(__dirname, "..", "..")).config!;
const dev = environmentGatewayPlan(
  config,
  config.environments.find((e) => e.name === "dev")!,
);
const backendOf = (ref: string) => dev.backends.find((b) => b.deployment.deployment === ref)!;

describe("forwarding in the dev sample", () => {
  test("MAI-Thinking-1 is forwarded to the MAI surface with no api-version", () => {
    expect(backendOf("eus2/mai-thinking-1").forwarding).toEqual({ kind: "mai" });
  });

  test("the model router is forwarded like an Azure OpenAI deployment, on 2024-12-01-preview", () => {
    expect(backendOf("eus2/model-router").forwarding).toEqual({ kind: "azure-openai", apiVersion: "2024-12-01-preview" });
  });

  test("other Microsoft models stay on the Foundry Models endpoint", () => {
    expect(backendOf("eus2/mai-ds-r1").forwarding.kind).toBe("foundry-models");
  });
});
