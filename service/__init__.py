"""What the command line and the HTTP API both do with the engine: list cases with the
supervisors' filters, and (service.calendar_update) add a year of holiday data."""
