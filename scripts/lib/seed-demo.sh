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
# Artifacts: a project with nested media in the `media` container (written straight into Azurite with the emulator's
# well-known account key: there is no upload API, the app only reads media), then a request for its "Download All" archive.
if [ "${AzureWebJobsStorage:-UseDevelopmentStorage=true}" = "UseDevelopmentStorage=true" ]; then
  account=devstoreaccount1
  key=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==
  blob_url=${AZURITE_BLOB_URL:-http://127.0.0.1:10000/$account}
  hexkey=$(printf '%s' "$key" | base64 -d | od -An -tx1 | tr -d ' \n')
  azurite_put() { # path (container[/blob]), query ("" or "restype=container"), file (or empty)
    local path=$1 query=$2 file=${3:-} now length type=application/octet-stream headers sts sig
    now=$(LC_ALL=C date -u +"%a, %d %b %Y %H:%M:%S GMT")
    length=$([ -n "$file" ] && wc -c <"$file" | tr -d ' ' || echo 0)
    [ "$length" = 0 ] && length=""
    headers="x-ms-date:$now"$'\n'"x-ms-version:2021-08-06"
    [ -n "$file" ] && headers="x-ms-blob-type:BlockBlob"$'\n'"$headers"
    # Shared Key string to sign; the emulator's canonical resource repeats the account (path-style URLs).
    sts="PUT"$'\n\n\n'"$length"$'\n\n'"$([ -n "$file" ] && echo "$type")"$'\n\n\n\n\n\n\n'"$headers"$'\n'"/$account/$account/$path"
    [ -n "$query" ] && sts+=$'\n'"${query/=/:}"
    sig=$(printf '%s' "$sts" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$hexkey" -binary | base64)
    local args=(-fsS -o /dev/null -X PUT "$blob_url/$path${query:+?$query}" -H "x-ms-date: $now" -H "x-ms-version: 2021-08-06"
      -H "Authorization: SharedKey $account:$sig")
    if [ -n "$file" ]; then args+=(-H "x-ms-blob-type: BlockBlob" -H "Content-Type: $type" --data-binary "@$file"); else args+=(-H "Content-Length: 0"); fi
    curl "${args[@]}"
  }
  tmp=$(mktemp -d)
  azurite_put media restype=container "" 2>/dev/null || true   # 409 when it exists already
  seeded=0
  for item in photos/day-1/IMG_0001.jpg:300 photos/day-1/IMG_0002.jpg:250 photos/day-2/selects/IMG_0107.png:400 \
              video/cut/teaser.mp4:2048 video/raw/A001_C002.mov:1024 docs/brief.txt:0 docs/notes/call-notes.md:0; do
    name=${item%%:*} kib=${item##*:}
    if [ "$kib" = 0 ]; then
      for i in $(seq 1 200); do echo "Demo project $name, line $i: every deliverable of the shoot, approved and delivered."; done >"$tmp/f"
    else
      head -c $((kib * 1024)) /dev/urandom >"$tmp/f"
    fi
    azurite_put "media/demo-project/$name" "" "$tmp/f" && seeded=$((seeded + 1)) || echo "  (uploading media/demo-project/$name failed)"
  done
  rm -rf "$tmp"
  artifact=$(curl -fsS -X POST "$COURIER_URL/api/artifacts" -H "Authorization: Bearer $API_SECRET" -H 'Content-Type: application/json' \
    -d '{"projectId":"demo-project"}' | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{try{process.stdout.write(JSON.parse(s).artifactId||"")}catch{}})' || true)
  echo "Seeded: $seeded media files of demo-project (nested folders) in the media container; its archive is requested:"
  echo "  curl -H \"Authorization: Bearer \$API_SECRET\" $COURIER_URL/api/artifacts/${artifact:-<id>}"
else
  echo "Artifacts demo skipped: AzureWebJobsStorage is not the local emulator."
fi
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
