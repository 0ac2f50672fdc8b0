#!/usr/bin/env bash
# The main job on built-in demo data: installs what is missing, builds, makes a synthetic
# Data First-style population (seven justice datasets about one population, with its truth),
# links it (train, predict, cluster), and prints where the outputs are and the linkage quality
# against the truth, overall and by ethnic group.
#   XJSLINK_DEMO_PERSONS (default 3000), XJSLINK_DEMO_DIR (default out/demo), XJSLINK_DEMO_RANKS
#   (default 1: set 2 or more to run under mpirun).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bin=${XJSLINK_BUILD_DIR:-build}/bin/xjslink
dir=${XJSLINK_DEMO_DIR:-out/demo}
persons=${XJSLINK_DEMO_PERSONS:-3000}
ranks=${XJSLINK_DEMO_RANKS:-1}
launch=()
if [ "$ranks" -gt 1 ]; then
  [ "$(id -u)" -eq 0 ] && export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
  launch=(mpirun --oversubscribe -np "$ranks")
fi
rm -rf "$dir"
mkdir -p "$dir"

echo "== generating a synthetic population of $persons persons"
"${launch[@]}" "$bin" generate --persons "$persons" --seed 42 --out "$dir/data"
inputs=()
for d in magistrates crown_court prison probation oasys family_court civil_possession; do
  inputs+=(--input "$dir/data/$d.csv")
done

echo "== linking the seven datasets (settings: data/synth/link_seven_datasets.json)"
"${launch[@]}" "$bin" run --settings data/synth/link_seven_datasets.json "${inputs[@]}" \
  --out "$dir/run"

echo "== linkage quality against the truth"
"$bin" evaluate --run "$dir/run" --truth "$dir/data/truth.csv" --persons "$dir/data/persons.csv" \
  --by ethnic_group --json "$dir/evaluation.json"
if "$bin" report --help > /dev/null 2>&1; then
  "$bin" report --run "$dir/run" --truth "$dir/data/truth.csv" --persons "$dir/data/persons.csv" \
    --by ethnic_group --out "$dir/report.html" -q
fi

echo
echo "== outputs"
echo "  synthetic data   $dir/data/ (seven datasets, truth.csv, persons.csv)"
echo "  model            $dir/run/model.json"
echo "  scored pairs     $dir/run/predictions.csv and .h5"
echo "  person ids       $dir/run/clusters.csv and .h5"
echo "  run record       $dir/run/run.json"
echo "  evaluation       $dir/evaluation.json"
[ -f "$dir/report.html" ] && echo "  report           $dir/report.html"
exit 0
