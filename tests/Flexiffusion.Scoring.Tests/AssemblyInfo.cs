// Torch's default generator is process-wide (random-weight models are seeded through it), and the
// scorer's tests each want the two cores for their sampling: no test runs beside another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
