// Azure public-cloud region names, as `az account list-locations` prints them (`name`) and ARM takes them as
// `location`. Data, not logic: add a region here, with its source, when Azure opens one.
//
// Source: the "Programmatic name" column of "Azure regions list", MicrosoftDocs/reliability-docs
// articles/reliability/regions-list.md (ms.date 09/23/2025, commit 01021ab80d1aebd1d8b5de481d80a9855b487954),
// https://learn.microsoft.com/azure/reliability/regions-list. Every row of the "All" tab is here, restricted-access and
// coming-soon regions included (the name is valid; access is a subscription matter). Sovereign clouds (US Gov, China)
// and the EUAP canary regions are not in that table and not here.
import { nearest } from "../naming/edit-distance";

/** Region name → display name, in the order of the source table. */
export const AZURE_REGIONS: Readonly<Record<string, string>> = {
  australiacentral: "Australia Central",
  australiacentral2: "Australia Central 2",
  australiaeast: "Australia East",
  australiasoutheast: "Australia Southeast",
  austriaeast: "Austria East",
  belgiumcentral: "Belgium Central",
  brazilsouth: "Brazil South",
  brazilsoutheast: "Brazil Southeast",
  canadacentral: "Canada Central",
  canadaeast: "Canada East",
  centralindia: "Central India",
  centralus: "Central US",
  chilecentral: "Chile Central",
  denmarkeast: "Denmark East",
  eastasia: "East Asia",
  eastus: "East US",
  eastus2: "East US 2",
  francecentral: "France Central",
  francesouth: "France South",
  germanynorth: "Germany North",
  germanywestcentral: "Germany West Central",
  indonesiacentral: "Indonesia Central",
  israelcentral: "Israel Central",
  italynorth: "Italy North",
  japaneast: "Japan East",
  japanwest: "Japan West",
  koreacentral: "Korea Central",
  koreasouth: "Korea South",
  malaysiawest: "Malaysia West",
  mexicocentral: "Mexico Central",
  newzealandnorth: "New Zealand North",
  northcentralus: "North Central US",
  northeurope: "North Europe",
  norwayeast: "Norway East",
  norwaywest: "Norway West",
  polandcentral: "Poland Central",
  qatarcentral: "Qatar Central",
  southafricanorth: "South Africa North",
  southafricawest: "South Africa West",
  southcentralus: "South Central US",
  southindia: "South India",
  southeastasia: "Southeast Asia",
  spaincentral: "Spain Central",
  swedencentral: "Sweden Central",
  switzerlandnorth: "Switzerland North",
  switzerlandwest: "Switzerland West",
  uaecentral: "UAE Central",
  uaenorth: "UAE North",
  uksouth: "UK South",
  ukwest: "UK West",
  westcentralus: "West Central US",
  westeurope: "West Europe",
  westindia: "West India",
  westus: "West US",
  westus2: "West US 2",
  westus3: "West US 3",
};

/** Whether `name` is a region name exactly as Azure spells it (lowercase, no spaces). */
export function isAzureRegion(name: string): boolean {
  return Object.hasOwn(AZURE_REGIONS, name);
}

/**
 * The known region `name` most likely meant: the same letters without case, spaces or punctuation (`East US 2` →
 * `eastus2`), else the nearest name at most three edits away.
 */
export function suggestRegion(name: string): string | undefined {
  const folded = name.toLowerCase().replace(/[^a-z0-9]/g, "");
  if (isAzureRegion(folded)) return folded;
  return nearest(folded, Object.keys(AZURE_REGIONS), 3);
}
