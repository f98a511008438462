#!/usr/bin/env bash
# Builds the service and runs it on its embedded defaults: a bundled example pool replaying a bundled slice of a
# real trace, in dry-run, on http://localhost:8080 (the preview page at /, the API under /api/v1).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -ntp -q package -DskipTests
exec java -jar service/target/neuronetes-service-0.1.0-SNAPSHOT-runner.jar "$@"
