"""The subject record (信用档案): one long-lived workflow per credit subject holding its
results, findings, repairs and restrictions. Its models are shared contracts
(contracts/subject_records/)."""
