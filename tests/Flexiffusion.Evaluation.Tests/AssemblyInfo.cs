// Torch's default generator is process-wide (random-weight models are seeded through it) and the
// scorer's timing tests need the two cores to themselves: no test runs beside another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
