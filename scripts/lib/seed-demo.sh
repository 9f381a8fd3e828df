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

# Social: a demo page (and its Instagram account) in the sandbox with its Page token, the same connection in Courier
# (token stored encrypted), then due posts of each kind, one for tomorrow and one without a connection (simulated).
SANDBOX_URL=${SANDBOX_URL:-http://127.0.0.1:7080}
curl -fsS -o /dev/null -X POST "$SANDBOX_URL/_sandbox/meta/pages" -H 'Content-Type: application/json' \
  -d '{"pageId":"1010101010","name":"Courier Demo","accessToken":"EAAB-demo-page-token","instagramUserId":"17841400000000001"}' \
  || echo "  (registering the demo page in the sandbox failed; see the sandbox log)"
post /api/social-auto-poster/connections "$API_SECRET" '{"connectionId":"demo-page","pageId":"1010101010","instagramUserId":"17841400000000001","accessToken":"EAAB-demo-page-token"}'
tomorrow=$(date -u -d '+1 day' +"%Y-%m-%dT%H:%M:%S+00:00" 2>/dev/null || date -u -v+1d +"%Y-%m-%dT%H:%M:%S+00:00")
post /api/social-auto-poster/queue "$API_SECRET" "{\"platform\":\"facebook\",\"connectionId\":\"demo-page\",\"content\":\"Hello from Courier (demo text post)\",\"scheduledAt\":\"$now\"}"
post /api/social-auto-poster/queue "$API_SECRET" "{\"platform\":\"facebook\",\"connectionId\":\"demo-page\",\"content\":\"A demo photo post\",\"imageUrl\":\"https://picsum.photos/id/10/1080/1080.jpg\",\"scheduledAt\":\"$now\"}"
post /api/social-auto-poster/queue "$API_SECRET" "{\"platform\":\"instagram\",\"connectionId\":\"demo-page\",\"content\":\"A demo Instagram post #courier\",\"imageUrl\":\"https://picsum.photos/id/20/1080/1080.jpg\",\"scheduledAt\":\"$now\"}"
post /api/social-auto-poster/queue "$API_SECRET" "{\"platform\":\"facebook\",\"connectionId\":\"demo-page\",\"content\":\"Scheduled for tomorrow\",\"scheduledAt\":\"$tomorrow\"}"
post /api/social-auto-poster/queue "$API_SECRET" "{\"platform\":\"facebook\",\"content\":\"No connection yet: a simulated post\",\"scheduledAt\":\"$now\"}"
echo "Seeded: social connection demo-page and 5 posts (Facebook text and photo, Instagram, one for tomorrow, one simulated)."
