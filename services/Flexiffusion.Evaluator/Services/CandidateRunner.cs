using Flexiffusion.Contracts.Errors;
using Flexiffusion.Contracts.Evaluator.V1;
using Flexiffusion.Contracts.Mapping;
using Flexiffusion.Scoring;
using Flexiffusion.Search.Evaluation;
using Flexiffusion.Evaluator.Hosting;
using Flexiffusion.Evaluator.Telemetry;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Flexiffusion.Evaluator.Services;

/// <summary>
/// Runs one candidate request on the scorer and maps every outcome to the contract: a result, or an
/// <see cref="RpcException"/> with INVALID_ARGUMENT (naming the field), UNAVAILABLE (still loading),
/// CANCELLED, DEADLINE_EXCEEDED or INTERNAL, for the unary call and for each candidate of a stream.
/// </summary>
internal sealed partial class CandidateRunner(EvaluatorState state, IOptions<EvaluatorOptions> options, EvaluatorMetrics metrics, ILogger<CandidateRunner> logger)
{
    /// <summary>This evaluator's id.</summary>
    public string EvaluatorId => options.Value.Id;

    /// <summary>Scores <paramref name="request"/>; <paramref name="deadline"/> (UTC, <see cref="DateTime.MaxValue"/> for none) tells a deadline from a cancellation.</summary>
    public async Task<CandidateResult> RunAsync(EvaluateCandidateRequest request, DateTime deadline, CancellationToken cancellationToken)
    {
        try
        {
            var scorer = state.RequireServing();
            ScoringJob job;
            try
            {
                var settings = SettingsMapping.ToDomain(request.Settings, "settings");
                job = scorer.Prepare(request.Candidate, settings);
                if (settings.Images > options.Value.MaxImages)
                    throw Invalid(request.RequestId, "settings.images", $"{settings.Images} is more than this evaluator's limit of {options.Value.MaxImages}");
            }
            catch (ArgumentException e)
            {
                var (field, reason) = FieldViolations.Of(e);
                throw Invalid(request.RequestId, field, reason);
            }
            var score = await ScoreAsync(scorer, job, request.RequestId, deadline, cancellationToken).ConfigureAwait(false);
            EvaluatorLog.Scored(logger, job.Candidate, job.Model.Name, request.RequestId, score.Score, job.Cost.MacSpeedup, score.Duration?.TotalSeconds ?? 0);
            metrics.Answered(RpcErrors.Outcome(StatusCode.OK));
            return new CandidateResult { RequestId = request.RequestId, Score = ScoreMapping.ToProto(score with { EvaluatorId = EvaluatorId }, job.Cost) };
        }
        catch (RpcException e)
        {
            metrics.Answered(RpcErrors.Outcome(e.StatusCode));
            throw;
        }
    }

    private RpcException Invalid(string requestId, string field, string reason)
    {
        var error = FieldViolations.InvalidArgument(field, reason);
        EvaluatorLog.Invalid(logger, requestId, error.Status.Detail);
        return error;
    }

    /// <summary>Counts a candidate refused because the stream was over capacity.</summary>
    public void Refused() => metrics.Answered(RpcErrors.Outcome(StatusCode.ResourceExhausted));

    private async Task<CandidateEvaluation> ScoreAsync(CandidateScorer scorer, ScoringJob job, string requestId, DateTime deadline, CancellationToken cancellationToken)
    {
        try
        {
            return await scorer.ScoreAsync(job, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            bool expired = deadline != DateTime.MaxValue && DateTime.UtcNow >= deadline.ToUniversalTime();
            EvaluatorLog.Stopped(logger, job.Candidate, requestId, expired ? "deadline exceeded" : "cancelled");
            throw new RpcException(expired
                ? new Status(StatusCode.DeadlineExceeded, $"the deadline passed while evaluating {job.Candidate}")
                : new Status(StatusCode.Cancelled, $"cancelled while evaluating {job.Candidate}"));
        }
        catch (Exception e)
        {
            EvaluatorLog.Failed(logger, e, job.Candidate, requestId);
            // The exception's text stays in the log: it can name paths and internals a caller has no business seeing.
            throw new RpcException(new Status(StatusCode.Internal, $"evaluation of {job.Candidate} failed on evaluator {EvaluatorId} (see its log, request {requestId})"));
        }
    }
}
