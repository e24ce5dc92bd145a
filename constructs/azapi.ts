// A small typed binding for the azapi provider, written by hand over cdktf's TerraformProvider/TerraformResource
// (there is no prebuilt azapi binding on npm). It mirrors what @cdktf/provider-azurerm's generated classes do:
// camelCase props in, snake_case attributes out, computed attributes read through getStringAttribute.
// Only the arguments this project uses are bound; add more the same way.
import {
  TerraformProvider,
  TerraformResource,
  type TerraformMetaArguments,
  TerraformStack,
  booleanToHclTerraform,
  booleanToTerraform,
  hashMapper,
  hashMapperHcl,
  anyToHclTerraform,
  anyToTerraform,
  stringToHclTerraform,
  stringToTerraform,
} from "cdktf";
import type { Construct } from "constructs";

/** Terraform registry source of the azapi provider. */
const AZAPI_SOURCE = "azure/azapi";
/** azapi 2.x takes `body` as a dynamic object (1.x wanted a jsonencode()d string); 2.5 is the floor we test against. */
const AZAPI_VERSION_CONSTRAINT = "~> 2.5";

interface AzapiProviderProps {
  /**
   * Authenticate with OIDC (GitHub Actions, Azure DevOps workload identity).
   * @default - unset: azapi reads ARM_USE_OIDC and the other ARM_* variables, like azurerm
   */
  readonly useOidc?: boolean;
  /**
   * Subscription to deploy into.
   * @default - unset: azapi reads ARM_SUBSCRIPTION_ID or the Azure CLI context
   */
  readonly subscriptionId?: string;
}

/** The `azapi` provider block, declared in required_providers as azure/azapi. */
export class AzapiProvider extends TerraformProvider {
  public static readonly tfResourceType = "azapi";
  /** The construct id `AzapiProvider.of` uses; one provider per stack is all this project needs. */
  public static readonly DEFAULT_ID = "azapi";

  /** The stack's azapi provider, created on first use so stacks without azapi resources do not declare it. */
  public static of(scope: Construct): AzapiProvider {
    const stack = TerraformStack.of(scope);
    const existing = stack.node.tryFindChild(AzapiProvider.DEFAULT_ID);
    if (existing instanceof AzapiProvider) return existing;
    return new AzapiProvider(stack, AzapiProvider.DEFAULT_ID);
  }

  private readonly props: AzapiProviderProps;

  constructor(scope: Construct, id: string, props: AzapiProviderProps = {}) {
    super(scope, id, {
      terraformResourceType: AzapiProvider.tfResourceType,
      terraformGeneratorMetadata: { providerName: "azapi", providerVersionConstraint: AZAPI_VERSION_CONSTRAINT },
      terraformProviderSource: AZAPI_SOURCE,
    });
    this.props = props;
  }

  protected synthesizeAttributes(): { [name: string]: unknown } {
    return {
      use_oidc: booleanToTerraform(this.props.useOidc),
      subscription_id: stringToTerraform(this.props.subscriptionId),
    };
  }

  protected synthesizeHclAttributes(): { [name: string]: unknown } {
    const attrs = {
      use_oidc: { value: booleanToHclTerraform(this.props.useOidc), isBlock: false, type: "simple", storageClassType: "boolean" },
      subscription_id: {
        value: stringToHclTerraform(this.props.subscriptionId),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
    };
    return Object.fromEntries(Object.entries(attrs).filter(([, v]) => v.value !== undefined));
  }
}

interface AzapiResourceProps extends TerraformMetaArguments {
  /** ARM resource type with API version, e.g. `Microsoft.CognitiveServices/accounts/deployments@2026-05-01`. */
  readonly type: string;
  /** Resource name (the last segment of its ARM id). */
  readonly name: string;
  /** ARM id of the parent: a resource group, or the parent resource for child types. */
  readonly parentId: string;
  /** Request body, as an object (azapi 2.x `body` is dynamic); keys are ARM's own camelCase names. */
  readonly body: { readonly [key: string]: unknown };
  /**
   * Azure region.
   * @default - unset: child resources such as deployments take their parent's
   */
  readonly location?: string;
  /**
   * Resource tags.
   * @default - no tags
   */
  readonly tags?: { readonly [key: string]: string };
  /**
   * Validate `type` and `body` against the schema embedded in the provider. Must be false to send properties the
   * published API spec does not describe yet.
   * @default true (the provider's default)
   */
  readonly schemaValidationEnabled?: boolean;
}

/** `azapi_resource`: any ARM resource by type and body. */
export class AzapiResource extends TerraformResource {
  public static readonly tfResourceType = "azapi_resource";

  private readonly props: AzapiResourceProps;

  constructor(scope: Construct, id: string, props: AzapiResourceProps) {
    super(scope, id, {
      terraformResourceType: AzapiResource.tfResourceType,
      terraformGeneratorMetadata: { providerName: "azapi", providerVersionConstraint: AZAPI_VERSION_CONSTRAINT },
      provider: props.provider,
      dependsOn: props.dependsOn,
      count: props.count,
      lifecycle: props.lifecycle,
      provisioners: props.provisioners,
      connection: props.connection,
      forEach: props.forEach,
    });
    this.props = props;
  }

  /** ARM resource id. */
  public get id(): string {
    return this.getStringAttribute("id");
  }

  /** Resource name. */
  public get name(): string {
    return this.getStringAttribute("name");
  }

  /** The body as configured, for tests and for constructs that derive from it. */
  public get bodyInput(): { readonly [key: string]: unknown } {
    return this.props.body;
  }

  protected synthesizeAttributes(): { [name: string]: unknown } {
    return {
      type: stringToTerraform(this.props.type),
      name: stringToTerraform(this.props.name),
      parent_id: stringToTerraform(this.props.parentId),
      location: stringToTerraform(this.props.location),
      body: hashMapper(anyToTerraform)(this.props.body),
      tags: hashMapper(stringToTerraform)(this.props.tags),
      schema_validation_enabled: booleanToTerraform(this.props.schemaValidationEnabled),
    };
  }

  protected synthesizeHclAttributes(): { [name: string]: unknown } {
    const attrs = {
      type: { value: stringToHclTerraform(this.props.type), isBlock: false, type: "simple", storageClassType: "string" },
      name: { value: stringToHclTerraform(this.props.name), isBlock: false, type: "simple", storageClassType: "string" },
      parent_id: { value: stringToHclTerraform(this.props.parentId), isBlock: false, type: "simple", storageClassType: "string" },
      location: { value: stringToHclTerraform(this.props.location), isBlock: false, type: "simple", storageClassType: "string" },
      body: { value: hashMapperHcl(anyToHclTerraform)(this.props.body), isBlock: false, type: "map", storageClassType: "anyMap" },
      tags: { value: hashMapperHcl(stringToHclTerraform)(this.props.tags), isBlock: false, type: "map", storageClassType: "stringMap" },
      schema_validation_enabled: {
        value: booleanToHclTerraform(this.props.schemaValidationEnabled),
        isBlock: false,
        type: "simple",
        storageClassType: "boolean",
      },
    };
    return Object.fromEntries(Object.entries(attrs).filter(([, v]) => v.value !== undefined));
  }
}
