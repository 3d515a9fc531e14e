using Flexiffusion.Metrics.Caching;

namespace Flexiffusion.Metrics.Tests.Caching;

public sealed class DiskBlobCacheTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "fx-blob-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task SetThenGet_RoundTripsAcrossInstances()
    {
        await new DiskBlobCache(_folder).SetAsync("flexiffusion:v1:x", [1, 2, 3]);

        Assert.Equal([1, 2, 3], await new DiskBlobCache(_folder).GetAsync("flexiffusion:v1:x"));
        Assert.Null(await new DiskBlobCache(_folder).GetAsync("flexiffusion:v1:y"));
    }

    [Fact]
    public async Task Set_Twice_Overwrites()
    {
        var cache = new DiskBlobCache(_folder);

        await cache.SetAsync("k", [1]);
        await cache.SetAsync("k", [2]);

        Assert.Equal([2], await cache.GetAsync("k"));
        Assert.Single(Directory.GetFiles(_folder));
    }
}
