// Courier on Azure: one resource group holding
//   - a storage account (tables for queues, runs, circuits; blobs for media, artifacts, the host's locks and the
//     Flex deployment package), reached by identity only (shared keys disabled);
//   - a Function App on Flex Consumption (FC1), runtime dotnet-isolated 10.0, with a system-assigned identity;
//   - Application Insights on a Log Analytics workspace;
//   - a Key Vault (RBAC) holding the app's secrets, which app settings reach through Key Vault references.
// Deploy: az deployment group create -g <rg> --template-file infra/main.bicep --parameters infra/main.parameters.json
//         --parameters cronSecret=… runPendingDeliveriesSecret=… apiSecret=… vaultKey=…   (docs/operations.md)

targetScope = 'resourceGroup'

// ---------------------------------------------------------------------------------------------------------------
// Parameters
// ---------------------------------------------------------------------------------------------------------------

@description('Azure region of every resource (one that offers Flex Consumption: az functionapp list-flexconsumption-locations).')
param location string = resourceGroup().location

@description('Short name the resource names start with (lowercase letters, digits and hyphens).')
@minLength(3)
@maxLength(12)
param baseName string = 'courier'

@description('Name of the Function App (its host name is <appName>.azurewebsites.net). Default: baseName plus a suffix unique to the resource group.')
@minLength(2)
@maxLength(60)
param appName string = '${baseName}-${uniqueString(resourceGroup().id)}'

@description('Memory of each Flex Consumption instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Most instances the app scales out to (Flex Consumption allows 40 to 1000).')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Redundancy of the storage account.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_RAGRS'
])
param storageSku string = 'Standard_LRS'

@description('Days Log Analytics keeps telemetry.')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 30

@description('True: Application Insights accepts Entra ID (AAD) authenticated telemetry only; the app gets Monitoring Metrics Publisher and APPLICATIONINSIGHTS_AUTHENTICATION_STRING. Leave false until every exporter of the app authenticates with its identity.')
param appInsightsAadOnly bool = false

@description('Key Vault purge protection (cannot be turned off once on). On for production.')
param keyVaultPurgeProtection bool = true

@description('The Functions host id (AzureFunctionsJobHost__id). Empty: the host derives it from the app name. Set it to the standalone Scheduling__HostId when a standalone instance shares this storage account, so the two share timer leases.')
@maxLength(32)
param hostId string = ''

@description('Id of the current vault key (VAULT_KEY_ID): 1 to 32 letters, digits, "-" or "_". Change it with every new VAULT_KEY.')
@minLength(1)
@maxLength(32)
param vaultKeyId string = 'k1'

@description('Schedules that differ from the catalog defaults, e.g. { "SCHEDULE_RECOVER_PROCESSING": "0 */15 * * * *" } (six-field NCRONTAB, UTC).')
param schedules object = {}

@description('Further plain (non-secret) app settings, e.g. WriteBack__Models__… mappings or AzureWebJobs.<function>.Disabled. Never a secret: secrets go to Key Vault.')
param appSettings object = {}

@description('Twin and /api/cron/... secret (CRON_SECRET). Stored in Key Vault only.')
@secure()
@minLength(32)
param cronSecret string

@description('Partner delivery twin secret (RUN_PENDING_DELIVERIES_SECRET). Stored in Key Vault only.')
@secure()
@minLength(32)
param runPendingDeliveriesSecret string

@description('Producer and status API secret (API_SECRET). Stored in Key Vault only.')
@secure()
@minLength(32)
param apiSecret string

@description('Credential vault key (VAULT_KEY): base64 of 32 random bytes (openssl rand -base64 32). Stored in Key Vault only.')
@secure()
@minLength(44)
@maxLength(44)
param vaultKey string

@description('Older vault keys still needed to read old values (VAULT_PREVIOUS_KEYS: "id=base64;id2=base64"). Empty: none. Stored in Key Vault only.')
@secure()
param vaultPreviousKeys string = ''

@description('Tags on every resource.')
param tags object = {
  app: 'courier'
}

// ---------------------------------------------------------------------------------------------------------------
// Names and constants
// ---------------------------------------------------------------------------------------------------------------

var suffix = uniqueString(resourceGroup().id)
var compactBase = toLower(replace(baseName, '-', ''))
var storageAccountName = take('st${compactBase}${suffix}', 24)
var keyVaultName = take('kv-${compactBase}-${suffix}', 24)
var planName = take('plan-${appName}', 60)
var workspaceName = take('log-${appName}', 63)
var appInsightsName = take('appi-${appName}', 260)

// Blob containers: the jobs' media and archives, and the one Flex Consumption deploys the app package to.
var mediaContainerName = 'media'
var artifactsContainerName = 'artifacts'
var deploymentContainerName = 'app-package'

// The catalog's default schedules (README "Functions" table; a test compares them with the catalog in code).
var defaultSchedules = {
  SCHEDULE_PARTNER_DELIVERY_RUN_PENDING: '0 */5 * * * *'
  SCHEDULE_ARTIFACT_WORKER: '0 * * * * *'
  SCHEDULE_PROCESS_OFFLINE_CONVERSIONS: '0 */10 * * * *'
  SCHEDULE_RECOVER_PROCESSING: '0 */30 * * * *'
  SCHEDULE_SYNC_WRITE_BACK: '0 */5 * * * *'
  SCHEDULE_SOCIAL_AUTO_POSTER_RUNNER: '0 * * * * *'
}

// Built-in role definition ids.
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  monitoringMetricsPublisher: '3913510d-42f4-4b42-9058-ce04da4cb5b7'
}

// Key Vault secret names (letters, digits and hyphens only) of the app settings that hold secrets.
var secretNames = {
  CRON_SECRET: 'CRON-SECRET'
  RUN_PENDING_DELIVERIES_SECRET: 'RUN-PENDING-DELIVERIES-SECRET'
  API_SECRET: 'API-SECRET'
  VAULT_KEY: 'VAULT-KEY'
  VAULT_PREVIOUS_KEYS: 'VAULT-PREVIOUS-KEYS'
}

var hasPreviousVaultKeys = !empty(vaultPreviousKeys)

// ---------------------------------------------------------------------------------------------------------------
// Storage: tables and blobs, identity-only access
// ---------------------------------------------------------------------------------------------------------------

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageAccountName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: storageSku
  }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
  properties: {
    deleteRetentionPolicy: {
      enabled: true
      days: 7
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: 7
    }
  }
}

resource mediaContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: mediaContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource artifactsContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: artifactsContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

// Courier creates its tables (queues, runs, circuits, metrics…) itself on first use.
resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

// ---------------------------------------------------------------------------------------------------------------
// Monitoring: Log Analytics + Application Insights
// ---------------------------------------------------------------------------------------------------------------

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: workspaceName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: logRetentionDays
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: appInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    DisableLocalAuth: appInsightsAadOnly
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Key Vault (RBAC) and the app's secrets
// ---------------------------------------------------------------------------------------------------------------

resource keyVault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: keyVaultName
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: keyVaultPurgeProtection ? true : null
    publicNetworkAccess: 'Enabled'
  }
}

resource cronSecretValue 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: keyVault
  name: secretNames.CRON_SECRET
  properties: {
    value: cronSecret
    contentType: 'text/plain'
  }
}

resource runPendingDeliveriesSecretValue 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: keyVault
  name: secretNames.RUN_PENDING_DELIVERIES_SECRET
  properties: {
    value: runPendingDeliveriesSecret
    contentType: 'text/plain'
  }
}

resource apiSecretValue 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: keyVault
  name: secretNames.API_SECRET
  properties: {
    value: apiSecret
    contentType: 'text/plain'
  }
}

resource vaultKeyValue 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: keyVault
  name: secretNames.VAULT_KEY
  properties: {
    value: vaultKey
    contentType: 'base64'
  }
}

resource vaultPreviousKeysValue 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (hasPreviousVaultKeys) {
  parent: keyVault
  name: secretNames.VAULT_PREVIOUS_KEYS
  properties: {
    value: vaultPreviousKeys
    contentType: 'text/plain'
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Function App on Flex Consumption
// ---------------------------------------------------------------------------------------------------------------

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: appName
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Key Vault references resolve with the system-assigned identity (the default, spelled out).
    keyVaultReferenceIdentity: 'SystemAssigned'
    siteConfig: {
      minTlsVersion: '1.2'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'SystemAssignedIdentity'
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
  dependsOn: [
    deploymentContainer
  ]
}

// Deployments use the pipeline's Entra ID service connection: no FTP or basic-auth publishing.
resource ftpPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: functionApp
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: functionApp
  name: 'scm'
  properties: {
    allow: false
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Role assignments of the app's identity
// ---------------------------------------------------------------------------------------------------------------

// Blobs: the host's timer locks and schedule monitor (azure-webjobs-hosts), its keys (azure-webjobs-secrets),
// the deployment package, media and artifacts.
resource blobOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: storage
  name: guid(storage.id, functionApp.id, roles.storageBlobDataOwner)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataOwner)
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

// Tables: Courier's queues, runs, circuits, metrics, credentials and write-back rows.
resource tableContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: storage
  name: guid(storage.id, functionApp.id, roles.storageTableDataContributor)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageTableDataContributor)
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

// Key Vault references: read the secret values.
resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: keyVault
  name: guid(keyVault.id, functionApp.id, roles.keyVaultSecretsUser)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

// Telemetry with Entra ID authentication (needed once local auth is disabled; harmless before).
resource metricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: appInsights
  name: guid(appInsights.id, functionApp.id, roles.monitoringMetricsPublisher)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

// ---------------------------------------------------------------------------------------------------------------
// App settings: written after the role assignments, so the first start already reaches storage and Key Vault.
// The whole set is written by every deployment: a setting changed by hand (portal, az) is replaced by the next one.
// ---------------------------------------------------------------------------------------------------------------

var storageSettings = {
  // Identity-based host storage (no connection string exists: shared keys are off).
  AzureWebJobsStorage__accountName: storage.name
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__blobServiceUri: storage.properties.primaryEndpoints.blob
  AzureWebJobsStorage__tableServiceUri: storage.properties.primaryEndpoints.table
  AzureWebJobsStorage__queueServiceUri: storage.properties.primaryEndpoints.queue
}

var telemetrySettings = union(
  {
    APPLICATIONINSIGHTS_CONNECTION_STRING: appInsights.properties.ConnectionString
  },
  appInsightsAadOnly ? { APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD' } : {}
)

// Secrets: Key Vault references only (versionless URIs: a restart picks up the latest version).
var secretSettings = {
  CRON_SECRET: '@Microsoft.KeyVault(SecretUri=${cronSecretValue.properties.secretUri})'
  RUN_PENDING_DELIVERIES_SECRET: '@Microsoft.KeyVault(SecretUri=${runPendingDeliveriesSecretValue.properties.secretUri})'
  API_SECRET: '@Microsoft.KeyVault(SecretUri=${apiSecretValue.properties.secretUri})'
  VAULT_KEY: '@Microsoft.KeyVault(SecretUri=${vaultKeyValue.properties.secretUri})'
  VAULT_PREVIOUS_KEYS: hasPreviousVaultKeys
    ? '@Microsoft.KeyVault(SecretUri=${keyVault.properties.vaultUri}secrets/${secretNames.VAULT_PREVIOUS_KEYS})'
    : ''
}

var courierSettings = {
  AZURE_FUNCTIONS_ENVIRONMENT: 'Production'
  VAULT_KEY_ID: vaultKeyId
}

var hostIdSettings = empty(hostId) ? {} : { AzureFunctionsJobHost__id: hostId }

resource functionAppSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: functionApp
  name: 'appsettings'
  properties: union(
    appSettings,
    storageSettings,
    telemetrySettings,
    courierSettings,
    hostIdSettings,
    union(defaultSchedules, schedules),
    secretSettings
  )
  dependsOn: [
    blobOwner
    tableContributor
    secretsUser
    metricsPublisher
    vaultPreviousKeysValue
    mediaContainer
    artifactsContainer
    tableService
  ]
}

// ---------------------------------------------------------------------------------------------------------------
// Outputs (names and URLs only: never a secret)
// ---------------------------------------------------------------------------------------------------------------

output functionAppName string = functionApp.name
output functionAppUrl string = 'https://${functionApp.properties.defaultHostName}'
output storageAccountName string = storage.name
output keyVaultName string = keyVault.name
output keyVaultUri string = keyVault.properties.vaultUri
output appInsightsName string = appInsights.name
output principalId string = functionApp.identity.principalId
