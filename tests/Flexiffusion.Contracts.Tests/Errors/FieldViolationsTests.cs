using Flexiffusion.Contracts.Errors;
using Flexiffusion.Search;
using Grpc.Core;

namespace Flexiffusion.Contracts.Tests.Errors;

public sealed class FieldViolationsTests
{
    [Fact]
    public void InvalidArgument_CarriesTheFieldInTheMessageAndABadRequestDetail()
    {
        var error = FieldViolations.InvalidArgument("search.spec.evaluation.images", "must be ≥ 2 (got 1)");

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("search.spec.evaluation.images: must be ≥ 2 (got 1)", error.Status.Detail);
        Assert.Equal(("search.spec.evaluation.images", "must be ≥ 2 (got 1)"), FieldViolations.First(error));
    }

    [Fact]
    public void First_PlainStatus_IsNull()
    {
        Assert.Null(FieldViolations.First(new RpcException(new Status(StatusCode.InvalidArgument, "images: bad"))));
    }

    [Fact]
    public void Of_ArgumentError_SplitsFieldAndReasonWithoutTheParameterSuffix()
    {
        Assert.Equal(("settings.images", "must be ≥ 2"), FieldViolations.Of(new FieldException("settings.images", "must be ≥ 2")));
        Assert.Equal(("", "plain"), FieldViolations.Of(new ArgumentException("plain")));
    }
}
