using Azure.Storage.Blobs;
using Courier.Core.Jobs.Artifacts;
using Courier.Storage.Artifacts;
using Courier.TestUtils.Azurite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Courier.Standalone.Tests.Jobs.Artifacts;

/// <summary>
/// A generation killed half-way (the media stream dies in the middle of the video, as a crashed process would leave it):
/// the archive stays GENERATING with nothing visible in the artifacts container, recovery resets it once its lease has
/// expired, and the next run commits a correct archive, the only blob ever committed for it.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed class ArtifactsCrashTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task KilledHalfway_NothingVisible_RecoveryResetsIt_NextRunCommitsACorrectArchive()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var crash = new CrashOnce(".mp4", 4 * 1024 * 1024);
        await using var h = await ArtifactsHost.StartAsync(azurite, services: s =>
        {
            s.AddSingleton<TimeProvider>(time);
            s.AddSingleton<IMediaSource>(sp => crash.Around(new BlobMediaSource(
                sp.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(sp.GetRequiredService<IOptions<ArtifactsOptions>>().Value.MediaContainer))));
        });
        var files = await h.SeedNestedProjectAsync("crash-1");
        var id = (await h.PostAsync("""{"projectId":"crash-1"}""")).Body.GetProperty("artifactId").GetString()!;

        var (failed, _) = await h.RunTwinAsync();

        Assert.Equal(500, failed);
        Assert.True(crash.Crashed);
        var generating = (await h.GetAsync(id)).Body;
        Assert.Equal("GENERATING", generating.GetProperty("status").GetString());
        Assert.False(generating.TryGetProperty("downloadUrl", out var url) && url.ValueKind == System.Text.Json.JsonValueKind.String);
        Assert.Empty(await h.ArchiveBlobsAsync());
        // What the dead attempt wrote is only staged blocks of its own attempt's blob, never committed.
        Assert.All(await h.ArchiveBlobsAsync(uncommitted: true), b => Assert.StartsWith(id + "/", b, StringComparison.Ordinal));

        // Too early: the lease still runs, so recovery leaves it.
        Assert.Equal(0, (await h.RunRecoveryAsync()).Body.GetProperty("byQueue").GetProperty(ArtifactsQueue.Name).GetInt32());
        time.Advance(new ArtifactsOptions().LeaseFor + TimeSpan.FromSeconds(1));
        var (recoveredStatus, recovered) = await h.RunRecoveryAsync();
        Assert.Equal(200, recoveredStatus);
        Assert.Equal(1, recovered.GetProperty("byQueue").GetProperty(ArtifactsQueue.Name).GetInt32());
        var reset = (await h.GetAsync(id)).Body;
        Assert.Equal(("PENDING", 1), (reset.GetProperty("status").GetString(), reset.GetProperty("attempts").GetInt32()));

        var (ran, report) = await h.RunTwinAsync();

        Assert.Equal(200, ran);
        Assert.Equal(1, report.GetProperty("ready").GetInt32());
        var ready = (await h.GetAsync(id)).Body;
        Assert.Equal("READY", ready.GetProperty("status").GetString());
        var blob = Assert.Single(await h.ArchiveBlobsAsync());
        var zip = (await h.Artifacts.GetBlobClient(blob).DownloadContentAsync()).Value.Content.ToArray();
        ArtifactsHost.AssertArchiveHolds(zip, files, "crash-1");
        using var anonymous = new HttpClient();
        Assert.Equal(zip, await anonymous.GetByteArrayAsync(ready.GetProperty("downloadUrl").GetString()));
    }

    /// <summary>Wraps a media source so that the first read of a file ending in <c>suffix</c> dies after <c>after</c> bytes with a non-storage error.</summary>
    private sealed class CrashOnce(string suffix, long after)
    {
        private int _crashed;

        public string Suffix => suffix;

        public long After => after;

        public bool Crashed => Volatile.Read(ref _crashed) == 1;

        public IMediaSource Around(IMediaSource inner) => new Source(this, inner);

        private sealed class Source(CrashOnce owner, IMediaSource inner) : IMediaSource
        {
            public IAsyncEnumerable<MediaFile> ListAsync(string prefix, CancellationToken cancellationToken) => inner.ListAsync(prefix, cancellationToken);

            public Task<bool> AnyAsync(string prefix, CancellationToken cancellationToken) => inner.AnyAsync(prefix, cancellationToken);

            public async Task<Stream> OpenReadAsync(MediaFile file, CancellationToken cancellationToken)
            {
                var stream = await inner.OpenReadAsync(file, cancellationToken);
                return file.Name.EndsWith(owner.Suffix, StringComparison.Ordinal) && Interlocked.CompareExchange(ref owner._crashed, 1, 0) == 0
                    ? new Dying(stream, owner.After)
                    : stream;
            }
        }
    }

    private sealed class Dying(Stream inner, long after) : Stream
    {
        private long _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_read >= after) throw new InvalidOperationException("simulated crash half-way through the video");
            var n = await inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, after - _read)], cancellationToken);
            _read += n;
            return n;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("read asynchronously");

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
