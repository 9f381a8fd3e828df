# Courier.Standalone as a container: the same routes and schedules as the Functions app, without the Functions host.
# Build (from the repository root):  docker build -t courier-standalone .
# Run:  docker run -p 8080:8080 -e AzureWebJobsStorage__accountName=<account> -e CRON_SECRET=… -e API_SECRET=… \
#         -e RUN_PENDING_DELIVERIES_SECRET=… -e VAULT_KEY=… courier-standalone        (settings: README "Settings")
# The pipeline (azure-pipelines.yml, stage Container) builds it; the tests read this file but do not build it.

# ---- build: restore with only the project files first, so the restore layer is reused until a project changes ----
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/Courier.Core/Courier.Core.csproj src/Courier.Core/
COPY src/Courier.Storage/Courier.Storage.csproj src/Courier.Storage/
COPY src/Courier.Providers/Courier.Providers.csproj src/Courier.Providers/
COPY src/Courier.Hosting/Courier.Hosting.csproj src/Courier.Hosting/
COPY src/Courier.Standalone/Courier.Standalone.csproj src/Courier.Standalone/
RUN dotnet restore src/Courier.Standalone/Courier.Standalone.csproj
COPY src/ src/
RUN dotnet publish src/Courier.Standalone/Courier.Standalone.csproj -c Release -o /app/publish --no-restore -p:UseAppHost=false

# ---- runtime: ASP.NET Core only, as the image's non-root user ----
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app/publish .
# Standalone listens on http://127.0.0.1:7071 unless ASPNETCORE_URLS says otherwise: in a container, every interface on
# 8080. ASPNETCORE_HTTP_PORTS (set by the base image) is cleared so the two do not disagree. No local.settings.json is
# read (LocalSettingsPath empty): settings come from the environment. Production: seed-credentials answers 403.
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_HTTP_PORTS= \
    LocalSettingsPath= \
    AZURE_FUNCTIONS_ENVIRONMENT=Production \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
EXPOSE 8080
# The aspnet image has no curl or wget, so there is no HEALTHCHECK instruction: let the orchestrator probe
# GET /healthz on port 8080 (no auth, 200 when alive), e.g. a Container Apps or Kubernetes httpGet liveness probe.
USER $APP_UID
ENTRYPOINT ["dotnet", "Courier.Standalone.dll"]
