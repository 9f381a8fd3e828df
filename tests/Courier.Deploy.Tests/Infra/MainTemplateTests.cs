using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Courier.Deploy.Tests.Support;
using Courier.Hosting.Catalog;

namespace Courier.Deploy.Tests.Infra;

/// <summary>What matters in the ARM JSON compiled from infra/main.bicep: identity-only storage, the Flex runtime, secrets in Key Vault only.</summary>
public sealed class MainTemplateTests
{
    private const string Sites = "Microsoft.Web/sites";
    private const string KeyVaultSecrets = "Microsoft.KeyVault/vaults/secrets";

    /// <summary>App settings that hold a secret: every secret setting the catalog names, the vault keys, and the deliveries secret.</summary>
    private static readonly string[] SecretSettings =
    [
        .. JobCatalog.Entries.Select(e => e.Auth.SecretSetting).OfType<string>().Distinct(StringComparer.Ordinal),
        "CRON_SECRET", "RUN_PENDING_DELIVERIES_SECRET", "API_SECRET", "VAULT_KEY", "VAULT_PREVIOUS_KEYS",
    ];

    [Fact]
    public async Task Storage_Account_AllowsNoSharedKeyAndNoPublicBlob()
    {
        var storage = (await MainTemplate.GetAsync()).Resource("Microsoft.Storage/storageAccounts");
        var properties = storage["properties"]!;

        Assert.False((bool)properties["allowSharedKeyAccess"]!);
        Assert.False((bool)properties["allowBlobPublicAccess"]!);
        Assert.True((bool)properties["defaultToOAuthAuthentication"]!);
        Assert.Equal("TLS1_2", (string?)properties["minimumTlsVersion"]);
    }

    [Fact]
    public async Task Storage_Containers_AreMediaArtifactsAndTheDeploymentContainer()
    {
        var template = await MainTemplate.GetAsync();

        var containers = template.Resources("Microsoft.Storage/storageAccounts/blobServices/containers")
            .Select(c => Regex.Match((string)c["name"]!, @"variables\('(\w+)'\)\)\]$").Groups[1].Value)
            .Select(variable => (string)template.Variable(variable)!)
            .ToList();

        Assert.Equal(["media", "artifacts", "app-package"], containers);
        Assert.All(template.Resources("Microsoft.Storage/storageAccounts/blobServices/containers"), c => Assert.Equal("None", (string?)c["properties"]!["publicAccess"]));
        Assert.Single(template.Resources("Microsoft.Storage/storageAccounts/tableServices"));
    }

    [Fact]
    public async Task Plan_IsFlexConsumptionFc1()
    {
        var plan = (await MainTemplate.GetAsync()).Resource("Microsoft.Web/serverfarms");

        Assert.Equal("FC1", (string?)plan["sku"]!["name"]);
        Assert.Equal("FlexConsumption", (string?)plan["sku"]!["tier"]);
        Assert.True((bool)plan["properties"]!["reserved"]!);
    }

    [Fact]
    public async Task FunctionApp_Runtime_IsDotnetIsolated10()
    {
        var site = (await MainTemplate.GetAsync()).Resource(Sites);
        var config = site["properties"]!["functionAppConfig"]!;

        Assert.Equal("functionapp,linux", (string?)site["kind"]);
        Assert.Equal("dotnet-isolated", (string?)config["runtime"]!["name"]);
        Assert.Equal("10.0", (string?)config["runtime"]!["version"]);
        Assert.Equal("SystemAssigned", (string?)site["identity"]!["type"]);
        Assert.True((bool)site["properties"]!["httpsOnly"]!);
    }

    [Fact]
    public async Task FunctionApp_Deployment_IsTheBlobContainerReachedByTheAppIdentity()
    {
        var site = (await MainTemplate.GetAsync()).Resource(Sites);
        var storage = site["properties"]!["functionAppConfig"]!["deployment"]!["storage"]!;

        Assert.Equal("blobContainer", (string?)storage["type"]);
        Assert.Contains("variables('deploymentContainerName')", (string)storage["value"]!, StringComparison.Ordinal);
        Assert.Contains("primaryEndpoints.blob", (string)storage["value"]!, StringComparison.Ordinal);
        Assert.Equal("SystemAssignedIdentity", (string?)storage["authentication"]!["type"]);
    }

    [Fact]
    public async Task FunctionApp_ScaleAndConcurrency_ComeFromParameters()
    {
        var template = await MainTemplate.GetAsync();
        var scale = template.Resource(Sites)["properties"]!["functionAppConfig"]!["scaleAndConcurrency"]!;

        Assert.Equal("[parameters('instanceMemoryMB')]", (string?)scale["instanceMemoryMB"]);
        Assert.Equal("[parameters('maximumInstanceCount')]", (string?)scale["maximumInstanceCount"]);
        Assert.Contains(2048, template.Parameters["instanceMemoryMB"]!["allowedValues"]!.AsArray().Select(v => (int)v!));
    }

    [Fact]
    public async Task KeyVault_UsesRbacAuthorization()
    {
        var vault = (await MainTemplate.GetAsync()).Resource("Microsoft.KeyVault/vaults");

        Assert.True((bool)vault["properties"]!["enableRbacAuthorization"]!);
        Assert.Null(vault["properties"]!["accessPolicies"]);
    }

    [Fact]
    public async Task KeyVault_Secrets_ComeFromSecureParameters()
    {
        var template = await MainTemplate.GetAsync();
        var secure = template.SecureParameters;

        var values = template.Resources(KeyVaultSecrets).Select(s => (string)s["properties"]!["value"]!).ToList();

        Assert.Equal(5, values.Count);
        Assert.All(values, v => Assert.Matches(@"^\[parameters\('\w+'\)\]$", v));
        Assert.Equal(secure.Order(StringComparer.Ordinal), values.Select(v => v[13..^3]).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task SecureParameters_ReachNothingButKeyVaultSecrets()
    {
        var template = await MainTemplate.GetAsync();
        var resources = template.Root["resources"]!.AsArray();
        var secretValuePaths = Enumerable.Range(0, resources.Count)
            .Where(i => string.Equals((string?)resources[i]!["type"], KeyVaultSecrets, StringComparison.Ordinal))
            .Select(i => $"$.resources[{i}].properties.value")
            .ToHashSet(StringComparer.Ordinal);

        foreach (var parameter in template.SecureParameters)
        {
            var use = $"parameters('{parameter}')";
            // Allowed: the secret's own value, and asking whether it is empty (which says nothing of the value).
            var leaks = template.Strings()
                .Where(s => s.Value.Replace($"empty({use})", "", StringComparison.Ordinal).Contains(use, StringComparison.Ordinal))
                .Where(s => !secretValuePaths.Contains(s.Path))
                .Select(s => s.Path)
                .ToList();

            Assert.True(leaks.Count == 0, $"{parameter} reaches {string.Join(", ", leaks)}");
        }
    }

    [Fact]
    public async Task AppSettings_Secrets_AreKeyVaultReferencesOnly()
    {
        var settings = await AppSettingsExpressionAsync();

        foreach (var setting in SecretSettings.Distinct(StringComparer.Ordinal))
        {
            // createObject(…, 'NAME', [if(condition, ]format('@Microsoft.KeyVault(SecretUri=…)', …)
            Assert.Matches(new Regex($@"'{setting}', (if\([^,]+, )?format\('@Microsoft\.KeyVault\(SecretUri=\{{0\}}"), settings);
        }
    }

    [Fact]
    public async Task AppSettings_Storage_IsIdentityBased()
    {
        var template = await MainTemplate.GetAsync();
        var settings = await AppSettingsExpressionAsync();

        Assert.Contains("'AzureWebJobsStorage__accountName', variables('storageAccountName')", settings, StringComparison.Ordinal);
        Assert.Contains("'AzureWebJobsStorage__credential', 'managedidentity'", settings, StringComparison.Ordinal);
        Assert.Contains("'AzureWebJobsStorage__blobServiceUri'", settings, StringComparison.Ordinal);
        Assert.Contains("'AzureWebJobsStorage__tableServiceUri'", settings, StringComparison.Ordinal);
        Assert.DoesNotContain("'AzureWebJobsStorage',", settings, StringComparison.Ordinal);
        // No key can exist (shared keys are off), and none is ever read.
        Assert.DoesNotContain(template.Strings(), s => s.Value.Contains("listKeys(", StringComparison.OrdinalIgnoreCase) || s.Value.Contains("AccountKey=", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task AppSettings_FlexConsumption_SetsNoneOfTheSettingsItRejects()
    {
        var settings = await AppSettingsExpressionAsync();

        foreach (var rejected in new[] { "FUNCTIONS_WORKER_RUNTIME", "FUNCTIONS_EXTENSION_VERSION", "WEBSITE_RUN_FROM_PACKAGE", "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING", "WEBSITE_CONTENTSHARE" })
        {
            Assert.DoesNotContain($"'{rejected}'", settings, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AppSettings_Schedules_AreTheCatalogDefaultsUnlessOverridden()
    {
        var template = await MainTemplate.GetAsync();
        var defaults = template.Variable("defaultSchedules").AsObject();
        var settings = await AppSettingsExpressionAsync();

        var expected = JobCatalog.Timers.ToDictionary(t => t.ScheduleSetting!, t => t.Schedule!, StringComparer.Ordinal);
        Assert.Equal(expected.OrderBy(p => p.Key, StringComparer.Ordinal), defaults.Select(p => KeyValuePair.Create(p.Key, (string)p.Value!)).OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Contains("union(variables('defaultSchedules'), parameters('schedules'))", settings, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppSettings_Environment_IsProductionWithApplicationInsights()
    {
        var template = await MainTemplate.GetAsync();
        var settings = await AppSettingsExpressionAsync();

        Assert.Equal("Production", (string?)template.Variable("courierSettings")["AZURE_FUNCTIONS_ENVIRONMENT"]);
        Assert.Contains("'APPLICATIONINSIGHTS_CONNECTION_STRING', reference(resourceId('Microsoft.Insights/components'", settings, StringComparison.Ordinal);
        Assert.Contains("[resourceId('Microsoft.OperationalInsights/workspaces', variables('workspaceName'))]", (string?)template.Resource("Microsoft.Insights/components")["properties"]!["WorkspaceResourceId"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppSettings_PlainSettingsParameter_CannotOverrideCourierSettings()
    {
        var settings = await AppSettingsExpressionAsync();

        // union(): later objects win, so the free-form parameter comes first.
        Assert.StartsWith("[union(parameters('appSettings'), ", settings, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("storageBlobDataOwner", "b7e6dc6d-f1e8-4753-8033-0f276bb0955b", "Microsoft.Storage/storageAccounts")]
    [InlineData("storageTableDataContributor", "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", "Microsoft.Storage/storageAccounts")]
    [InlineData("keyVaultSecretsUser", "4633458b-17de-408a-b874-0445c86b69e6", "Microsoft.KeyVault/vaults")]
    [InlineData("monitoringMetricsPublisher", "3913510d-42f4-4b42-9058-ce04da4cb5b7", "Microsoft.Insights/components")]
    public async Task RoleAssignments_AppIdentity_HoldsTheRoleOnItsScope(string role, string roleId, string scopeType)
    {
        var template = await MainTemplate.GetAsync();
        Assert.Equal(roleId, (string?)template.Variable("roles")[role]);

        var assignment = Assert.Single(template.Resources("Microsoft.Authorization/roleAssignments"),
            r => ((string)r["properties"]!["roleDefinitionId"]!).Contains($"variables('roles').{role}", StringComparison.Ordinal));

        Assert.Contains($"resourceId('{scopeType}'", (string)assignment["scope"]!, StringComparison.Ordinal);
        Assert.Contains($"reference(resourceId('{Sites}', parameters('appName')), '2024-04-01', 'full').identity.principalId", (string)assignment["properties"]!["principalId"]!, StringComparison.Ordinal);
        Assert.Equal("ServicePrincipal", (string?)assignment["properties"]!["principalType"]);
    }

    [Fact]
    public async Task AppSettings_AreWrittenAfterEveryRoleAssignment()
    {
        var template = await MainTemplate.GetAsync();
        var dependsOn = AppSettingsResource(template)["dependsOn"]!.AsArray().Select(d => (string)d!).ToList();

        Assert.Equal(4, dependsOn.Count(d => d.Contains("Microsoft.Authorization/roleAssignments", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Outputs_NameNoSecret()
    {
        var outputs = (await MainTemplate.GetAsync()).Root["outputs"]!.AsObject();

        Assert.All(outputs, o => Assert.Equal("string", (string?)o.Value!["type"]));
        Assert.DoesNotContain(outputs, o => ((string)o.Value!["value"]!).Contains("KeyVault/vaults/secrets", StringComparison.Ordinal));
    }

    private static JsonObject AppSettingsResource(ArmTemplate template) =>
        Assert.Single(template.Resources("Microsoft.Web/sites/config"), c => ((string)c["name"]!).Contains("'appsettings'", StringComparison.Ordinal));

    private static async Task<string> AppSettingsExpressionAsync() =>
        (string)AppSettingsResource(await MainTemplate.GetAsync())["properties"]!;
}
