#!/usr/bin/env bash
# Load test of the HTTP API: 30 s of mixed trace, head and compare requests at concurrency 16 on loopback.
# Needs wrk (apt-get install -y wrk) and a running server holding the demo corpus, e.g. in another terminal:
#   ./attnflow demo            (ingests the demo corpus with bge-small-en and bge-small-en-v1.5 once, then serves)
# Then: bench/api-load.sh [http://127.0.0.1:8080] [duration, default 30s]
set -euo pipefail
cd "$(dirname "$0")/.."
URL="${1:-http://127.0.0.1:8080}"
DURATION="${2:-30s}"
AUTH=()
if [[ -n "${ATTNFLOW_TOKEN:-}" ]]; then AUTH=(-H "Authorization: Bearer $ATTNFLOW_TOKEN"); fi

# Sentences ingested for both models (the compare endpoint needs both).
curl -sf "${AUTH[@]}" "$URL/api/sentences?model=bge-small-en&limit=500" \
  | grep -o '"id":"[0-9a-f]*"' | cut -d'"' -f4 > bench/api-sids.txt
echo "sentences: $(wc -l < bench/api-sids.txt)"
[[ -s bench/api-sids.txt ]] || { echo "no sentences: run 'attnflow demo' first" >&2; exit 1; }

# Warm-up (JIT, page cache), not measured.
wrk -t2 -c4 -d5s --timeout 30s -s bench/api-mixed.lua "$URL" > /dev/null
echo "--- measured run: $DURATION, 4 threads, 16 connections"
wrk -t4 -c16 -d"$DURATION" --timeout 30s --latency -s bench/api-mixed.lua "$URL"
echo "--- server after the run (GET /api/health)"
curl -sf "${AUTH[@]}" "$URL/api/health"
echo
