// The hosts under test share the process's torch runtime and the two cores; timing assertions
// (deadlines, cancellation) need them to themselves.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
