"""What activities, workflows, the services and the doors share: activity names and their
input and output models (activities), the documents an activity renders (documents,
designation_documents), the records every case keeps (case_records), the subject records
(subject_records) and the search attributes. Pure models and names (Temporal's own types
aside): this package imports none of the layers that use it (pyproject.toml's import
contracts)."""
