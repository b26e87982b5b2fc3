using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Portal.Tests.Fakes;

/// <summary>Google's OAuth 2.0 web-server flow: the consent page, the token endpoint (code + PKCE, refresh) and revoke.</summary>
public sealed partial class FakeGoogle
{
    private IResult ConsentPage(HttpRequest request)
    {
        var q = request.Query;
        string? problem = q["client_id"] != ClientId ? "invalid_client"
            : q["response_type"] != "code" ? "unsupported_response_type"
            : q["code_challenge_method"] != "S256" || string.IsNullOrEmpty(q["code_challenge"]) ? "invalid_request (PKCE S256 required)"
            : string.IsNullOrEmpty(q["redirect_uri"]) || string.IsNullOrEmpty(q["state"]) ? "invalid_request"
            : null;
        if (problem is not null)
        {
            return Results.Content($"<!doctype html><html lang=\"en\"><title>Error</title><h1>Error 400: {problem}</h1></html>", "text/html", statusCode: 400);
        }

        string Hidden(string name) => $"<input type=\"hidden\" name=\"{name}\" value=\"{WebUtility.HtmlEncode(q[name])}\">";
        var hidden = string.Concat(new[] { "redirect_uri", "state", "code_challenge", "scope", "access_type", "prompt" }.Select(Hidden));
        return Results.Content($$"""
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in - Google Accounts</title>
            <meta name="viewport" content="width=device-width, initial-scale=1"></head>
            <body><main><h1>Portal wants to access your Google Account</h1><p>{{Account}}</p>
            <p>This will allow the portal to see and edit events on all your calendars, and see the list of your calendars.</p>
            <form method="post" action="/o/oauth2/v2/auth/decide">{{hidden}}
            <button type="submit" name="decision" value="deny">Cancel</button>
            <button type="submit" name="decision" value="allow">Allow</button></form></main></body></html>
            """, "text/html");
    }

    private async Task<IResult> DecideAsync(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        var redirect = form["redirect_uri"].ToString();
        var state = Uri.EscapeDataString(form["state"].ToString());
        if (form["decision"] != "allow")
        {
            return Results.Redirect($"{redirect}?error=access_denied&state={state}");
        }

        var code = $"4/fake-code-{Guid.NewGuid():N}";
        lock (gate)
        {
            codes[code] = (form["code_challenge"].ToString(), redirect, form["scope"].ToString(), false);
        }

        return Results.Redirect($"{redirect}?code={Uri.EscapeDataString(code)}&scope={Uri.EscapeDataString(form["scope"].ToString())}&state={state}");
    }

    private async Task<IResult> TokenAsync(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        if (form["client_id"] != ClientId || form["client_secret"] != ClientSecret)
        {
            return OAuthError(401, "invalid_client", "The OAuth client was not found.");
        }

        lock (gate)
        {
            switch (form["grant_type"].ToString())
            {
                case "authorization_code":
                    var code = form["code"].ToString();
                    if (!codes.TryGetValue(code, out var issued) || issued.Used)
                    {
                        return OAuthError(400, "invalid_grant", "Malformed auth code.");
                    }

                    codes[code] = issued with { Used = true };
                    if (issued.RedirectUri != form["redirect_uri"])
                    {
                        return OAuthError(400, "redirect_uri_mismatch", "Bad Request");
                    }

                    var verifier = form["code_verifier"].ToString();
                    var challenge = Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
                    if (verifier.Length < 43 || challenge != issued.Challenge)
                    {
                        return OAuthError(400, "invalid_grant", "Invalid code verifier.");
                    }

                    var refresh = $"1//fake-refresh-{Guid.NewGuid():N}";
                    refreshTokens.Add(refresh);
                    RefreshTokensIssued++;
                    return Results.Json(new JsonObject
                    {
                        ["access_token"] = Access(refresh), ["expires_in"] = 3599, ["token_type"] = "Bearer",
                        ["scope"] = issued.Scope, ["refresh_token"] = refresh,
                    });

                case "refresh_token":
                    var token = form["refresh_token"].ToString();
                    if (!refreshTokens.Contains(token))
                    {
                        return OAuthError(400, "invalid_grant", "Token has been expired or revoked.");
                    }

                    return Results.Json(new JsonObject { ["access_token"] = Access(token), ["expires_in"] = 3599, ["token_type"] = "Bearer" });

                default:
                    return OAuthError(400, "unsupported_grant_type", "Invalid grant_type.");
            }
        }
    }

    private async Task<IResult> RevokeAsync(HttpRequest request)
    {
        var token = request.Query["token"].ToString();
        if (token.Length == 0 && request.HasFormContentType)
        {
            token = (await request.ReadFormAsync())["token"].ToString();
        }

        lock (gate)
        {
            var refresh = accessTokens.GetValueOrDefault(token) ?? token;
            if (!refreshTokens.Remove(refresh))
            {
                return OAuthError(400, "invalid_token", "Token expired or revoked");
            }

            foreach (var access in accessTokens.Where(a => a.Value == refresh).Select(a => a.Key).ToList())
            {
                accessTokens.Remove(access);
            }

            return Results.Ok();
        }
    }

    private string Access(string refresh)
    {
        var access = $"ya29.fake-{Guid.NewGuid():N}";
        accessTokens[access] = refresh;
        return access;
    }
}
