#!/usr/bin/env bash
# Seeds demo data through Courier's own APIs (Development only), so each job has work in its first minutes.
# Expects COURIER_URL, API_SECRET, CRON_SECRET and SANDBOX_URL in the environment.
set -euo pipefail
post() { # path, secret, json
  curl -fsS -o /dev/null -X POST "$COURIER_URL$1" -H "Authorization: Bearer $2" -H 'Content-Type: application/json' -d "$3" \
    || echo "  (seeding $1 failed; see the Courier log)"
}

echo "Seeding demo data..."
# Conversions: credentials for a demo site (the sandbox accepts any refresh token not starting with 'revoked'),
# then a handful of sales with click ids.
post /api/cron/providers/seed-credentials "$CRON_SECRET" '{"site_id":"demo-site","provider_key":"google_ads","credentials":{"customer_id":"123-456-7890","developer_token":"dev-token-demo","client_id":"demo-client","client_secret":"demo-secret","refresh_token":"demo-refresh","conversion_action_resource_name":"customers/1234567890/conversionActions/42"}}'
now=$(date -u +"%Y-%m-%dT%H:%M:%S+00:00")
for i in 1 2 3 4 5; do
  post /api/conversions "$API_SECRET" "{\"siteId\":\"demo-site\",\"saleId\":\"demo-sale-$i\",\"gclid\":\"Cj0KCQdemo$i\",\"conversionDateTime\":\"$now\",\"value\":$((i * 10)).5,\"currency\":\"EUR\"}"
done
post /api/conversions "$API_SECRET" "{\"siteId\":\"demo-site\",\"saleId\":\"demo-sale-bad\",\"gclid\":\"bad-click\",\"conversionDateTime\":\"$now\",\"value\":1,\"currency\":\"EUR\"}"
echo "Seeded: 6 conversions for demo-site (one with a click id Google will refuse)."

# Write-back: the sandbox spreadsheet the demo mappings of local.settings.sample.json name (WriteBack__Models__*), a Google
# service account for site demo-sheets (a fresh RSA key: the sandbox checks the token request's shape, not its signature),
# then changes of the three models: creates, an update and a delete.
curl -fsS -o /dev/null -X POST "$SANDBOX_URL/_sandbox/sheets" -H 'Content-Type: application/json' -d '{"spreadsheetId":"demo-writeback","sheets":[
  {"title":"Requests","header":["id","title","requester","amount","notes","status"]},
  {"title":"Operators","header":["id","name","email","region","status"]},
  {"title":"Revenue 2026","header":["id","month","amount","currency","notes","status"]}]}' \
  || echo "  (creating the demo spreadsheet failed; see the sandbox log)"
sheets_credentials=$(node -e '
  const { generateKeyPairSync } = require("crypto");
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const key = { type: "service_account", project_id: "courier-demo", private_key_id: "demo-1",
    private_key: privateKey.export({ type: "pkcs8", format: "pem" }), client_email: "courier-demo@courier-demo.iam.gserviceaccount.com",
    client_id: "1", token_uri: "https://oauth2.googleapis.com/token" };
  process.stdout.write(JSON.stringify({ site_id: "demo-sheets", provider_key: "google_sheets", credentials: { service_account_json: JSON.stringify(key) } }));')
post /api/cron/providers/seed-credentials "$CRON_SECRET" "$sheets_credentials"
for i in 1 2 3; do
  post /api/sync/queue "$API_SECRET" "{\"model\":\"Request\",\"action\":\"CREATE\",\"recordId\":\"req-$i\",\"record\":{\"title\":\"Demo request $i\",\"requester\":\"ana@example.com\",\"amount\":$((i * 100))}}"
  post /api/sync/queue "$API_SECRET" "{\"model\":\"Operator\",\"action\":\"CREATE\",\"recordId\":\"op-$i\",\"record\":{\"name\":\"Operator $i\",\"email\":\"op$i@example.com\",\"region\":\"EU\"}}"
  post /api/sync/queue "$API_SECRET" "{\"model\":\"Revenue\",\"action\":\"CREATE\",\"recordId\":\"rev-2026-0$i\",\"record\":{\"month\":\"2026-0$i\",\"amount\":$((i * 1250)).5,\"currency\":\"EUR\"}}"
done
post /api/sync/queue "$API_SECRET" '{"model":"Request","action":"UPDATE","recordId":"req-2","record":{"title":"Demo request 2 (revised)","amount":250}}'
post /api/sync/queue "$API_SECRET" '{"model":"Operator","action":"DELETE","recordId":"op-3"}'
echo "Seeded: 11 write-back changes over 3 models (sheet: $SANDBOX_URL/_sandbox/sheets/demo-writeback)."
