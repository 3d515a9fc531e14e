using Flexiffusion.ServiceDefaults.Redis;

namespace Flexiffusion.ServiceDefaults.Tests.Redis;

public sealed class RedisOptionsValidatorTests
{
    [Theory]
    [InlineData("127.0.0.1:6379,password=hunter2-hunter2,bogus=1", null, "Redis:Configuration: is not a StackExchange.Redis configuration string")]
    [InlineData("127.0.0.1:6379,password=hunter2-hunter2", "/nonexistent/redis-password", "Redis:PasswordFile: no such file '/nonexistent/redis-password'")]
    public void Validate_InvalidSetting_NamesItWithoutRepeatingTheConfiguration(string configuration, string? passwordFile, string message)
    {
        var result = new RedisOptionsValidator().Validate(null, new RedisOptions { Configuration = configuration, PasswordFile = passwordFile });

        Assert.True(result.Failed);
        Assert.Contains(message, result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", result.FailureMessage, StringComparison.Ordinal);
    }
}
