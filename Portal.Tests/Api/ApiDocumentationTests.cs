using System.Net;
using Microsoft.AspNetCore.Hosting;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Api;

public sealed class ApiDocumentationTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Development_serves_the_openapi_document_and_scalar()
    {
        var development = api.WithWebHostBuilder(builder => builder.UseEnvironment("Development")).CreateClient();

        var document = await development.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken);
        var scalar = await development.GetAsync("/scalar/", TestContext.Current.CancellationToken);

        Assert.Contains("/api/slots", document);
        Assert.Contains("/api/bookings/{id}/cancel", document);
        Assert.Equal(HttpStatusCode.OK, scalar.StatusCode);
    }

    [Fact]
    public async Task Other_environments_do_not_publish_the_documentation()
    {
        var response = await api.CreateClient().GetAsync("/openapi/v1.json", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
