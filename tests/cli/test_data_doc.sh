#!/usr/bin/env bash
# docs/data.md's coverage table must match what the shipped data hold (tools/update_data_doc.sh).
exec bash "$2/tools/update_data_doc.sh" "$1" --check
