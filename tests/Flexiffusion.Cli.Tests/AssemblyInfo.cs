// Torch's default generator is process-wide: model initialisation and dropout in the trainers draw
// from it, so tests that check seeded determinism must not run beside other torch tests.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
