"""Side effects and calls into the pure modules, as Temporal activities.

Workflows reach them by name only (`contracts.activities`), so a workflow never imports code that
touches files, clocks or the network.
"""
