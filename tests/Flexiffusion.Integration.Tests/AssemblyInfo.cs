// The services share one CPU budget and torch's process-wide state; run one test at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
