#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Regenerates tests/data/evtx/evtxexport/*.sha1: for each file of sample_list.txt, one line per
# record "<EventRecordID> <sha1 of evtxexport's XML, each line stripped, lines joined>".
# Needs evtxexport (scripts/bootstrap bench) and python3. The temper side is not involved.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
list="$here/tests/data/evtx/evtxexport/sample_list.txt"
corpus="${TEMPER_SHARED_DIR:-$here/../shared}/corpora/evtx"
out="$here/tests/data/evtx/evtxexport"
grep -v '^#' "$list" | while IFS= read -r rel; do
  [[ -z "$rel" ]] && continue
  python3 "$here/tests/tools/compare_evtxexport.py" "true" "$corpus/$rel" --expect "$out" >/dev/null
done
ls "$out"/*.sha1 | wc -l
