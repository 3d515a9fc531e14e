using Flexiffusion.ServiceDefaults.Security;

namespace Flexiffusion.ServiceDefaults.Tests.Security;

public sealed class TokenSetTests
{
    private const string Token = "first-token-0123456789";
    private const string Other = "second-token-0123456789";

    [Theory]
    [InlineData("Bearer " + Token, true)]
    [InlineData("bearer " + Other, true)]
    [InlineData("Bearer " + Token + "x", false)]
    [InlineData("Bearer first-token-012345678", false)]
    [InlineData(Token, false)]
    [InlineData("Basic " + Token, false)]
    [InlineData("Bearer ", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Accepts_AuthorizationHeader_OnlyAnAcceptedTokenAfterBearer(string? header, bool accepted)
    {
        var tokens = TokenSet.Of(Token, Other);

        Assert.Equal(accepted, tokens.Accepts(header));
    }

    [Fact]
    public void Load_FileAndListedTokens_AcceptsBothSkippingCommentsAndBlankLines()
    {
        string file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, $"# rotated 2026-01\n\n  {Token}  \n");
            var options = new AuthOptions { TokenFile = file };
            options.Tokens.Add(Other);

            var tokens = TokenSet.Load(options);

            Assert.Equal(2, tokens.Count);
            Assert.True(tokens.Accepts("Bearer " + Token));
            Assert.True(tokens.Accepts("Bearer " + Other));
            Assert.False(tokens.Accepts("Bearer # rotated 2026-01"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Load_NothingConfigured_IsDisabled()
    {
        var tokens = TokenSet.Load(new AuthOptions());

        Assert.False(tokens.IsEnabled);
        Assert.False(tokens.Accepts("Bearer " + Token));
    }
}
