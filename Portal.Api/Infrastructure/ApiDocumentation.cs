using Scalar.AspNetCore;

namespace Portal.Api.Infrastructure;

public static class ApiDocumentation
{
    /// <summary>The OpenAPI document at <c>/openapi/v1.json</c> and the Scalar UI at <c>/scalar</c>, in Development only.</summary>
    public static WebApplication MapApiDocumentation(this WebApplication app)
    {
        if (app.Environment.IsDevelopment())
        {
            app.MapOpenApi().AllowAnonymous();
            app.MapScalarApiReference(options => options.WithTitle("Therapist Practice Portal Api")).AllowAnonymous();
        }

        return app;
    }
}
