namespace Portal.Web.Pages;

public static class ErrorPages
{
    /// <summary>
    /// Every failure ends on the error page in plain words. In Development a developer on this machine gets the exception
    /// page instead; it shows code, headers and settings, so any other address gets the plain page there too.
    /// </summary>
    public static WebApplication UseErrorPages(this WebApplication app)
    {
        app.UseExceptionHandler("/Error");
        if (app.Environment.IsDevelopment())
        {
            // Inside the plain handler, so it catches first, and only for this machine.
            app.UseWhen(ThisMachine.IsWhereRequestComesFrom, developer => developer.UseDeveloperExceptionPage());
        }
        else
        {
            app.UseHsts();
        }

        app.UseStatusCodePagesWithReExecute("/Error", "?statusCode={0}");
        return app;
    }
}
