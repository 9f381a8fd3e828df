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
