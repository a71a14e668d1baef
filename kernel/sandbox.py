"""The workflow sandbox, built once per worker: every workflow module is loaded into it once.

Temporal's `SandboxedWorkflowRunner` builds a new sandbox for every workflow instance (each
cache miss): a fresh `sys.modules`, in which the workflow's module, its packages' `__init__`
and whatever it imports outside `workflow.unsafe.imports_passed_through()` are executed again
(compiled from source again where no bytecode was written), and the workflow class is created
again with all its functions. Profiled at scale that was 29% of the worker's time (13% the
compiling), and the class and module copies most of what a cached run costs in memory.

Passing the project's packages through (`SandboxRestrictions.with_passthrough_modules`, or
`with_passthrough_all_modules`) would skip that too, but a passed-through module is imported
outside the sandbox: its `datetime` is the real one, and a workflow calling `datetime.now()`
would no longer fail its task (only the builtins, `open` and the like, stay restricted).

So this runner keeps Temporal's sandbox as it is (the same restrictions, the workflow modules
imported inside it, their `datetime` the restricted proxy) and shares it among the instances:
one importer, whose `sys.modules` keeps each workflow module after its first load (the worker
loads them all when it validates the workflows at construction). What is per instance is kept
per instance: the restriction context's flags (import time or run time, inside an activation)
are per thread, as instances of several runs are activated at once on the worker's threads.

What changes: a workflow module's own module-level state is shared by the runs of one worker,
as it is for the helper modules the workflows already pass through; workflow code keeps its
state on the instance (the kernel and the procedures do).

The SDK's sandbox classes used here are its internal ones (temporalio 1.35,
`workflow_sandbox._runner`, `_importer`, `_restrictions`); tests/test_worker_sandbox.py checks
that the restrictions still fail a workflow's task and that a module is loaded once.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from temporalio.worker import WorkflowInstance, WorkflowInstanceDetails, WorkflowRunner
from temporalio.worker.workflow_sandbox import SandboxedWorkflowRunner
from temporalio.worker.workflow_sandbox._importer import Importer
from temporalio.worker.workflow_sandbox._restrictions import RestrictionContext
from temporalio.worker.workflow_sandbox._runner import _Instance


class _PerThreadFlag:
    """A flag of the restriction context, as the instance running on this thread set it."""

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name

    def __get__(self, context: PerThreadRestrictionContext, owner: type | None = None) -> bool:
        return bool(getattr(context.flags, self._name, False))

    def __set__(self, context: PerThreadRestrictionContext, value: bool) -> None:
        setattr(context.flags, self._name, value)


class PerThreadRestrictionContext(RestrictionContext):
    """`is_runtime` and `in_activation` of the instance running on this thread."""

    is_runtime = _PerThreadFlag()
    in_activation = _PerThreadFlag()

    def __init__(self) -> None:
        self.flags = threading.local()
        super().__init__()


class _SharedSandboxInstance(_Instance):
    """Temporal's sandboxed instance, on the runner's importer instead of a new one."""

    def __init__(
        self,
        instance_details: WorkflowInstanceDetails,
        runner_class: type[WorkflowRunner],
        importer: Importer,
    ) -> None:
        # As _Instance.__init__, less the Importer it would build for this instance alone.
        self.instance_details = instance_details
        self.runner_class = runner_class
        self.importer = importer
        self._current_thread_id: int | None = None
        self.globals_and_locals = {"__file__": "workflow_sandbox.py"}
        self._create_instance()


@dataclass(frozen=True)
class SharedSandboxRunner(SandboxedWorkflowRunner):
    """A `SandboxedWorkflowRunner` whose sandbox is built once (see the module's docstring)."""

    _importer: Importer = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # No workflow module name: it only exempts a workflow's own module from the
        # unintentional-passthrough policies, which the default restrictions do not set.
        importer = Importer(self.restrictions, PerThreadRestrictionContext())
        object.__setattr__(self, "_importer", importer)

    def create_instance(self, det: WorkflowInstanceDetails) -> WorkflowInstance:
        return _SharedSandboxInstance(det, self.runner_class, self._importer)
