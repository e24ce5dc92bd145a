// How the gateway forwards to one Foundry deployment: which endpoint of the account, which path, which api-version.
// Researched shapes (see docs/gateway.md, "Forwarding"):
// - OpenAI models: Azure OpenAI data plane, deployment in the path:
//   https://<subdomain>.openai.azure.com/openai/deployments/<deployment>/chat/completions?api-version=2024-10-21
// - other chat-completions models (Microsoft, DeepSeek, Meta): Foundry Models inference endpoint, deployment in the
//   body's `model`: https://<subdomain>.services.ai.azure.com/models/chat/completions?api-version=2024-05-01-preview
// - MAI models served on the MAI surface (MAI-Thinking-1): OpenAI-style chat completions, deployment in the body's
//   `model`, no api-version: https://<subdomain>.services.ai.azure.com/mai/v1/chat/completions
// - Anthropic (Claude) models: Messages API, deployment in the body's `model`:
//   https://<subdomain>.services.ai.azure.com/anthropic/v1/messages (header anthropic-version: 2023-06-01)
import type { ApiShape } from "../config/schema";
import { TASK_CLASS_HEADER } from "../table/resolve";
import type { TableDeployment } from "../table/table";

/** Latest GA Azure OpenAI data-plane inference version with a dated api-version. */
const AZURE_OPENAI_API_VERSION = "2024-10-21";
/** Azure AI Model Inference API version used by the Foundry Models `/models` endpoint. */
const FOUNDRY_MODELS_API_VERSION = "2024-05-01-preview";
/** Anthropic Messages API version sent when the caller sends none. */
export const ANTHROPIC_VERSION = "2023-06-01";
/** Entra ID audience of Foundry (Cognitive Services) data planes, for `authentication-managed-identity`. */
export const COGNITIVE_SERVICES_RESOURCE = "https://cognitiveservices.azure.com";

/** API shapes the gateway serves, each as one APIM API. */
export type GatewayApiShape = Extract<ApiShape, "chat-completions" | "anthropic-messages">;
export const GATEWAY_API_SHAPES: readonly GatewayApiShape[] = ["chat-completions", "anthropic-messages"];

export function isGatewayApiShape(api: ApiShape): api is GatewayApiShape {
  return (GATEWAY_API_SHAPES as readonly string[]).includes(api);
}

type ForwardingKind = "azure-openai" | "foundry-models" | "mai" | "anthropic";

export interface Forwarding {
  readonly kind: ForwardingKind;
  /** `api-version` query parameter the backend expects; absent when it takes none. */
  readonly apiVersion?: string;
}

/** How to reach a deployment, or undefined when the gateway cannot serve its API shape. */
export function forwardingFor(d: Pick<TableDeployment, "api" | "vendor" | "apiVersion" | "endpoint">): Forwarding | undefined {
  if (d.api === "anthropic-messages") return { kind: "anthropic" };
  if (d.api !== "chat-completions") return undefined;
  const kind = d.endpoint ?? (d.vendor === "openai" ? "azure-openai" : "foundry-models");
  switch (kind) {
    case "azure-openai":
      return { kind, apiVersion: d.apiVersion ?? AZURE_OPENAI_API_VERSION };
    case "foundry-models":
      return { kind, apiVersion: d.apiVersion ?? FOUNDRY_MODELS_API_VERSION };
    case "mai":
      return d.apiVersion ? { kind, apiVersion: d.apiVersion } : { kind };
  }
}

/**
 * Backend base URL; the operation path (`/chat/completions`, `/v1/messages`) is appended by APIM.
 * `subdomain` may be a Terraform token (the account's custom subdomain).
 */
export function backendUrl(kind: ForwardingKind, subdomain: string, deploymentName: string): string {
  switch (kind) {
    case "azure-openai":
      return `https://${subdomain}.openai.azure.com/openai/deployments/${deploymentName}`;
    case "foundry-models":
      return `https://${subdomain}.services.ai.azure.com/models`;
    case "mai":
      return `https://${subdomain}.services.ai.azure.com/mai/v1`;
    case "anthropic":
      return `https://${subdomain}.services.ai.azure.com/anthropic`;
  }
}

/** The API shape whose requests llm-content-safety reads ("completion or chat completion" in its reference). */
export const CONTENT_SAFETY_API: GatewayApiShape = "chat-completions";

/**
 * Content Safety endpoint of an AIServices account, the form the llm-content-safety reference gives for its backend
 * (`https://<name>.cognitiveservices.azure.com`); the policy appends the Content Safety paths. May be a token.
 */
export function contentSafetyUrl(subdomain: string): string {
  return `https://${subdomain}.cognitiveservices.azure.com`;
}

/** The APIM API for each shape: its path below the environment, its one operation, its subscription-key header. */
export const API_SPECS: Readonly<
  Record<
    GatewayApiShape,
    {
      readonly pathSuffix: string;
      readonly displayName: string;
      readonly operation: { readonly id: string; readonly displayName: string; readonly method: string; readonly urlTemplate: string };
      readonly subscriptionKeyHeader: string;
    }
  >
> = {
  // OpenAI SDKs call `<base_url>/chat/completions`; callers pass the APIM key in `api-key`.
  "chat-completions": {
    pathSuffix: "openai",
    displayName: "chat completions",
    operation: { id: "chat-completions", displayName: "Create chat completion", method: "POST", urlTemplate: "/chat/completions" },
    subscriptionKeyHeader: "api-key",
  },
  // Anthropic SDKs call `<base_url>/v1/messages` and send their api key as `x-api-key`: the APIM key fits there.
  "anthropic-messages": {
    pathSuffix: "anthropic",
    displayName: "Anthropic messages",
    operation: { id: "messages", displayName: "Create message", method: "POST", urlTemplate: "/v1/messages" },
    subscriptionKeyHeader: "x-api-key",
  },
};

/**
 * Request headers the gateway consumes before routing: it deletes the subscription-key headers and the caller's
 * Authorization (Foundry gets the gateway's own token), and routes on the task-class header. A sticky key read from
 * one of them is empty or the same for every request, so the split would collapse onto one target.
 */
export function consumedRequestHeaders(): readonly string[] {
  const keys = GATEWAY_API_SHAPES.map((s) => API_SPECS[s].subscriptionKeyHeader);
  return [...new Set([...keys, "authorization", "ocp-apim-subscription-key", TASK_CLASS_HEADER])].map((h) => h.toLowerCase()).sort();
}
