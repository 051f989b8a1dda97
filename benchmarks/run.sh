#!/usr/bin/env bash
# Runs the JMH suites and writes the report (Markdown + SVG charts) to benchmarks/results/.
#   benchmarks/run.sh                 all suites
#   benchmarks/run.sh 'Region|JDBC'   suites whose title matches the regex
# Starts a throwaway PostgreSQL 15 (loopback only) for the PostgreSQL benchmarks and stops it afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
FILTER=${1:-.*}
if [ -z "${STRATA_PG_URL:-}" ] && [ -x /usr/lib/postgresql/15/bin/postgres ]; then
  eval "$(STRATA_PG_FSYNC=on .ci/pg start)"
  trap '.ci/pg destroy' EXIT
fi
mvn -B -q -pl benchmarks -am -DskipTests package
java -cp benchmarks/target/benchmarks.jar org.stratacache.benchmarks.report.ReportMain benchmarks/results "$FILTER"
