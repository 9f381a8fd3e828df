#!/usr/bin/env bash
# Seeds demo data through Courier's own APIs (Development only), so each job has work in its first minutes.
# Expects COURIER_URL, API_SECRET and CRON_SECRET in the environment.
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

# Partner delivery: an Airtable base and Drive trees in the sandbox (SANDBOX_URL), then the job's Airtable token and a
# generated service-account key in Courier's vault (site partner-delivery). Safe to run twice: existing items answer 409.
if [ -n "${SANDBOX_URL:-}" ]; then
  sandbox() { # path, json
    curl -fsS -o /dev/null -X POST "$SANDBOX_URL$1" -H 'Content-Type: application/json' -d "$2" 2>/dev/null || true
  }
  base=${PartnerDelivery__BaseId:-appCourierDemo01}
  sandbox /_sandbox/drive/drives '{"id":"0ACourierDemoDrive","name":"Partner deliveries (demo)"}'
  sandbox /_sandbox/drive/tree '{"parentId":"0ACourierDemoDrive","root":{"id":"demo-dest-acme","name":"ACME inbox","children":[]}}'
  sandbox /_sandbox/drive/tree '{"parentId":"0ACourierDemoDrive","root":{"id":"demo-src-spring","name":"Spring campaign","children":[
    {"id":"demo-spring-hero","name":"hero-30s.mp4"},{"name":"hero-15s.mp4"},
    {"name":"stills","children":[{"name":"still-01.jpg"},{"name":"still-02.jpg"},{"name":"raw","children":[{"name":"still-01.cr3"},{"name":"still-02.cr3"}]}]},
    {"name":"captions","children":[{"name":"hero-30s.en.srt"},{"name":"hero-30s.fr.srt"}]},
    {"name":"hero (shortcut)","shortcutTargetId":"demo-spring-hero"}]}}'
  sandbox /_sandbox/drive/tree '{"parentId":"0ACourierDemoDrive","root":{"id":"demo-src-summer","name":"Summer teaser","children":[
    {"name":"teaser.mp4"},{"name":"cutdowns","children":[{"name":"teaser-6s.mp4"},{"name":"teaser-10s.mp4"}]}]}}'
  sandbox /_sandbox/drive/tree '{"parentId":"0ACourierDemoDrive","root":{"id":"demo-src-logo","name":"logo-pack.zip"}}'
  sandbox /_sandbox/airtable/bases "{\"baseId\":\"$base\",\"token\":\"patCourierDemo.local-sandbox-only\",\"tables\":[
    {\"name\":\"Creative Review Asset Status\",\"records\":[
      {\"id\":\"recDemoSpring\",\"fields\":{\"Name\":\"Spring campaign\",\"Ready to Deliver (Webhook)\":true,\"Delivery Batch ID\":\"B-ACME-01\",\"Source Folder ID\":\"demo-src-spring\"}},
      {\"id\":\"recDemoSummer\",\"fields\":{\"Name\":\"Summer teaser\",\"Ready to Deliver (Webhook)\":true,\"Delivery Batch ID\":\"B-ACME-01\",\"Source Folder ID\":\"demo-src-summer\"}},
      {\"id\":\"recDemoLogo\",\"fields\":{\"Name\":\"Logo pack\",\"Ready to Deliver (Webhook)\":true,\"Delivery Batch ID\":\"B-ACME-01\",\"Source Folder ID\":\"demo-src-logo\"}},
      {\"id\":\"recDemoNoBatch\",\"fields\":{\"Name\":\"Orphan cut\",\"Ready to Deliver (Webhook)\":true,\"Delivery Batch ID\":\"B-UNKNOWN\",\"Source Folder ID\":\"demo-src-summer\"}},
      {\"id\":\"recDemoDone\",\"fields\":{\"Name\":\"Winter recap\",\"Ready to Deliver (Webhook)\":true,\"Delivered?\":true,\"Delivered At\":\"2026-01-05T09:00:00.000Z\",\"Delivery Status\":\"Delivered\",\"Delivery Batch ID\":\"B-ACME-01\",\"Source Folder ID\":\"demo-src-spring\"}}]},
    {\"name\":\"Partner Delivery Batches\",\"records\":[
      {\"id\":\"recBatchAcme\",\"fields\":{\"Batch ID\":\"B-ACME-01\",\"Destination Folder ID\":\"demo-dest-acme\"}}]}]}"
  post /api/cron/providers/seed-credentials "$CRON_SECRET" '{"site_id":"partner-delivery","provider_key":"airtable","credentials":{"access_token":"patCourierDemo.local-sandbox-only"}}'
  # A throwaway RSA key made here (node comes with the dev tools): Google.Apis.Auth signs with it, the sandbox checks the JWT's shape.
  drive_body=$(node -e '
    const { generateKeyPairSync } = require("crypto");
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const key = { type: "service_account", project_id: "courier-demo", private_key_id: "demo-1",
      private_key: privateKey.export({ type: "pkcs8", format: "pem" }),
      client_email: "courier-delivery@courier-demo.iam.gserviceaccount.com", client_id: "1", token_uri: "https://oauth2.googleapis.com/token" };
    console.log(JSON.stringify({ site_id: "partner-delivery", provider_key: "google_drive", credentials: { service_account_json: JSON.stringify(key) } }));')
  post /api/cron/providers/seed-credentials "$CRON_SECRET" "$drive_body"
  echo "Seeded: partner delivery base $base (3 ready records with Drive trees, 1 with a missing batch, 1 already delivered)."
fi
