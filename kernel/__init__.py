"""The case kernel every procedure's workflow is built on: deadlines and their search
attributes, the audit trail, the outputs (documents, deliveries, record writes) run in the main
loop, the update gate, the long life (continue-as-new) and the replay rule."""
