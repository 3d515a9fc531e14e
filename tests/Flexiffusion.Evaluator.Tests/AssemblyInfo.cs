// The hosts under test share the process's torch runtime and the two cores: no test runs beside another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
