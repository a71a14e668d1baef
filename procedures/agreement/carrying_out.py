"""The bodies of the agreement's steps (listed with their validators in workflow.py): each
claims and records the step, queues what follows for the loop, and returns its receipt. The
handling decisions, payments and checks are handling.py's; the renewal and the institution's
requests and changes institution.py's; the performance assessment's results assessing.py's; the
three steps of a 解除 termination.py's.
"""

from __future__ import annotations

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from procedures.agreement.assessing import Assessing
    from procedures.agreement.handling import Handling
    from procedures.agreement.institution import Dealings


class CarryingOut(Handling, Dealings, Assessing):
    """Every step's body, on the agreement's base (base.py) and its arrivals (arrivals.py)."""
