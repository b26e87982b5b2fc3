using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Aspire.Hosting.Testing;
using Portal.Tests.Browser;
using Portal.Tests.FullStack;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Content;

/// <summary>
/// A 150 MB worksheet up through the Web into the database and back down again, while the Api's and the Web's peak
/// memory (VmHWM, reset just before) is watched: neither may hold the file. The stack runs several instances of each and
/// the proxy picks one per request, so every instance is watched and the largest growth counts. The figures are
/// written to artifacts/measurements/content-streaming.txt.
/// </summary>
[Collection(FullStackCollection.Name)]
public sealed partial class ContentStreamingStackTests(PortalStack stack)
{
    private const long FileBytes = 150L * 1024 * 1024;
    private const long AllowedGrowthBytes = 64L * 1024 * 1024;
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_150_MB_file_goes_up_and_down_through_the_Web_without_either_process_holding_it()
    {
        var folder = Directory.CreateTempSubdirectory("portal-streaming-");
        try
        {
            var path = Path.Combine(folder.FullName, "large.pdf");
            var sentHash = await WriteLargePdfAsync(path);
            var api = await ProcessesOfAsync("api");
            var web = await ProcessesOfAsync("web");
            using var browser = await WebSignedInAsync();
            var token = await AntiforgeryTokenAsync(browser);

            foreach (var pid in api.Concat(web))
            {
                ResetPeak(pid);
            }

            var before = api.Concat(web).ToDictionary(pid => pid, Memory);
            var clock = Stopwatch.StartNew();

            using var form = new MultipartFormDataContent
            {
                { new StringContent(token), "__RequestVerificationToken" },
                { new StringContent(ContentPeople.UniqueWord("Large workbook ")), "Input.Title" },
                { new StringContent("Worksheet"), "Input.Kind" },
                { new StringContent(""), "Input.Description" },
            };
            var file = new StreamContent(File.OpenRead(path), 81920);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            form.Add(file, "Input.File", "large.pdf");
            using var uploaded = await browser.PostAsync("/admin/content", form, ct);
            Assert.True(uploaded.StatusCode == HttpStatusCode.Redirect, $"upload: {(int)uploaded.StatusCode} {await uploaded.Content.ReadAsStringAsync(ct)}");
            var id = ItemAddress().Match(uploaded.Headers.Location!.ToString()).Groups[1].Value;
            var uploadTime = clock.Elapsed;

            clock.Restart();
            using var download = await browser.GetAsync($"/content/{id}/file?download=true", HttpCompletionOption.ResponseHeadersRead, ct);
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal(FileBytes, download.Content.Headers.ContentLength);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using (var body = await download.Content.ReadAsStreamAsync(ct))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await body.ReadAsync(buffer, ct)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                }
            }

            var downloadTime = clock.Elapsed;
            var after = api.Concat(web).ToDictionary(pid => pid, Memory);
            Assert.Equal(sentHash, hash.GetHashAndReset());

            long Growth(int pid) => after[pid].Peak - before[pid].Resident;
            string Described(string service, int[] pids) => string.Join(" ", pids.Select((pid, i) =>
                $"{service} {i + 1}: resident {MB(before[pid].Resident)} before, peak {MB(after[pid].Peak)} during, growth {MB(Growth(pid))}."));
            var apiGrowth = api.Max(Growth);
            var webGrowth = web.Max(Growth);
            var figures =
                $"150 MB up in {uploadTime.TotalSeconds:0.0} s, down in {downloadTime.TotalSeconds:0.0} s. " +
                $"{Described("Api", api)} {Described("Web", web)}";
            TestContext.Current.TestOutputHelper?.WriteLine(figures);
            await File.WriteAllTextAsync(Path.Combine(Repository.Artifacts("measurements"), "content-streaming.txt"), figures + Environment.NewLine, ct);
            Assert.True(apiGrowth < AllowedGrowthBytes, $"an Api instance's peak grew by {MB(apiGrowth)}: {figures}");
            Assert.True(webGrowth < AllowedGrowthBytes, $"a Web instance's peak grew by {MB(webGrowth)}: {figures}");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>A PDF by its first bytes, then random filler, written a megabyte at a time; its SHA-256.</summary>
    private static async Task<byte[]> WriteLargePdfAsync(string path)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var output = File.Create(path);
        var buffer = new byte[1024 * 1024];
        for (long written = 0; written < FileBytes; written += buffer.Length)
        {
            Random.Shared.NextBytes(buffer);
            if (written == 0)
            {
                "%PDF-1.7\n"u8.CopyTo(buffer);
            }

            hash.AppendData(buffer);
            await output.WriteAsync(buffer);
        }

        return hash.GetHashAndReset();
    }

    /// <summary>The Web's browser: the Api session's cookie, set by hand (the cookie is Secure and this is plain http).</summary>
    private async Task<HttpClient> WebSignedInAsync()
    {
        using var api = await StackPeople.ApiSignedInAsync(stack, StackPeople.TherapistEmail);
        var session = api.DefaultRequestHeaders.Authorization!.Parameter!;
        var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false })
        {
            BaseAddress = stack.WebUrl,
            Timeout = TimeSpan.FromMinutes(10),
        };
        browser.DefaultRequestHeaders.Add("Cookie", $"__Host-portal-session={session}");
        return browser;
    }

    /// <summary>The form's token, and its cookie added to the browser's.</summary>
    private async Task<string> AntiforgeryTokenAsync(HttpClient browser)
    {
        using var page = await browser.GetAsync("/admin/content", ct);
        page.EnsureSuccessStatusCode();
        var cookie = page.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal)).Split(';')[0];
        var session = browser.DefaultRequestHeaders.GetValues("Cookie").Single();
        browser.DefaultRequestHeaders.Remove("Cookie");
        browser.DefaultRequestHeaders.Add("Cookie", $"{session}; {cookie}");
        var html = await page.Content.ReadAsStringAsync(ct);
        return AntiforgeryField().Match(html).Groups[1].Value;
    }

    /// <summary>
    /// The processes the stack runs a service's instances in (each its own resource, e.g. <c>api-xkcd</c>): the process
    /// Aspire knows, or under <c>dotnet run</c> (a project not built beforehand) its descendant running <c>Portal.Api</c>
    /// (or <c>Portal.Web</c>).
    /// </summary>
    private async Task<int[]> ProcessesOfAsync(string resource)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        var instances = await stack.EveryReplicaHealthyAsync(resource, timeout.Token);
        var program = resource == "api" ? "Portal.Api" : "Portal.Web";
        return [.. instances.Select(instance =>
        {
            var pid = instance.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value
                ?? throw new InvalidOperationException($"{instance.ResourceId} has no process id: {string.Join(", ", instance.Snapshot.Properties.Select(p => p.Name))}");
            var found = Descendants(Convert.ToInt32(pid, System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault(p => Runs(p, program));
            Assert.True(found != 0, $"no process running {program} under {instance.ResourceId}'s process {pid}");
            return found;
        })];
    }

    private static IEnumerable<int> Descendants(int pid)
    {
        yield return pid;
        foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            var children = File.Exists(Path.Combine(task, "children")) ? File.ReadAllText(Path.Combine(task, "children")) : "";
            foreach (var child in children.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                foreach (var descendant in Descendants(int.Parse(child, System.Globalization.CultureInfo.InvariantCulture)))
                {
                    yield return descendant;
                }
            }
        }
    }

    /// <summary>The process's program is the service: its apphost, or <c>dotnet Portal.Api.dll</c>.</summary>
    private static bool Runs(int pid, string program)
    {
        var arguments = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
        return arguments.Length > 0 && (Path.GetFileName(arguments[0]) == program || arguments.Take(2).Any(a => Path.GetFileName(a) == program + ".dll"));
    }

    /// <summary>The peak resident size starts again from the present one (clear_refs 5).</summary>
    private static void ResetPeak(int pid) => File.WriteAllText($"/proc/{pid}/clear_refs", "5");

    private static (long Resident, long Peak) Memory(int pid)
    {
        var status = File.ReadAllLines($"/proc/{pid}/status");
        long Kb(string name) => long.Parse(status.Single(l => l.StartsWith(name + ":", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        return (Kb("VmRSS"), Kb("VmHWM"));
    }

    private static string MB(long bytes) => $"{bytes / (1024.0 * 1024):0.0} MB";

    [GeneratedRegex("/admin/content/([0-9a-f-]{36})$")]
    private static partial Regex ItemAddress();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
