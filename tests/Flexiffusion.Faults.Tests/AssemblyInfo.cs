// Every test runs several services and a search; on a two-core machine they run one test at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
