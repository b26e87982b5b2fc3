using Aspire.Hosting.Publishing;

namespace Portal.AppHost.Infrastructure;

/// <summary>
/// What a deployment needs to know of a service that Aspire's manifest leaves out: how many replicas it runs
/// (<c>Portal:Replicas</c>) and where its health is answered. The manifest entry is otherwise Aspire's own
/// (<c>project.v0</c>: path, args, env with every secret as a parameter reference, bindings), with two fields added.
/// </summary>
public static class DeploymentShape
{
    public const string HealthPath = "/health";

    public static IResourceBuilder<ProjectResource> WithDeploymentShape(this IResourceBuilder<ProjectResource> service, int replicas)
    {
        service.WithHttpHealthCheck(HealthPath).WithReplicas(replicas);
        return service.WithAnnotation(new ManifestPublishingCallbackAnnotation(async context =>
        {
            var resource = service.Resource;
            context.Writer.WriteString("type", "project.v0");
            context.Writer.WriteString("path", context.GetManifestRelativePath(resource.GetProjectMetadata().ProjectPath));
            await context.WriteCommandLineArgumentsAsync(resource);
            await context.WriteEnvironmentVariablesAsync(resource);
            context.WriteBindings(resource);
            context.Writer.WriteNumber("replicas", replicas);
            context.Writer.WriteStartObject("healthCheck");
            context.Writer.WriteString("path", HealthPath);
            context.Writer.WriteString("endpoint", "http");
            context.Writer.WriteEndObject();
        }), ResourceAnnotationMutationBehavior.Replace);
    }
}
