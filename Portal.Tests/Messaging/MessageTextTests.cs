extern alias Web;

using Web::Portal.Web.Messaging;

namespace Portal.Tests.Messaging;

/// <summary>A message's words on a page: encoded, line breaks kept, only http and https addresses made links.</summary>
public sealed class MessageTextTests
{
    private static string Html(string text) => MessageText.ToHtml(text).ToString()!;

    [Fact]
    public void Markup_in_a_message_is_shown_as_the_characters_typed()
    {
        var html = Html("<script>alert('x')</script> & <b>bold</b>");

        Assert.DoesNotContain("<script>", html);
        Assert.DoesNotContain("<b>", html);
        Assert.Contains("&lt;script&gt;", html);
        Assert.Contains("&amp;", html);
    }

    [Fact]
    public void Line_breaks_are_kept_whichever_way_they_were_typed()
    {
        Assert.Equal("one<br />\ntwo<br />\nthree<br />\n<br />\nfour", Html("one\r\ntwo\nthree\r\rfour"));
    }

    [Fact]
    public void An_http_or_https_address_becomes_a_link_that_does_not_hand_over_the_page()
    {
        var html = Html("See https://example.org/a?b=1&c=2 and http://example.net.");

        Assert.Contains("<a href=\"https://example.org/a?b=1&amp;c=2\" rel=\"noopener noreferrer\">https://example.org/a?b=1&amp;c=2</a>", html);
        // The full stop ends the sentence, not the address.
        Assert.Contains("<a href=\"http://example.net\" rel=\"noopener noreferrer\">http://example.net</a>.", html);
    }

    [Fact]
    public void A_bracket_that_belongs_to_the_address_stays_in_it_and_one_around_it_does_not()
    {
        Assert.Contains("href=\"https://en.wikipedia.org/wiki/Grief_(disambiguation)\"", Html("https://en.wikipedia.org/wiki/Grief_(disambiguation)"));
        Assert.Contains("href=\"https://example.org/page\"", Html("(see https://example.org/page)"));
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("data:text/html,<script>alert(1)</script>")]
    [InlineData("vbscript:msgbox")]
    [InlineData("ftp://example.org/file")]
    public void Other_schemes_are_never_links(string text)
    {
        Assert.DoesNotContain("<a ", Html(text));
    }

    [Fact]
    public void An_address_cannot_break_out_of_its_attribute()
    {
        var html = Html("https://example.org/\"onmouseover=\"alert(1)");

        Assert.DoesNotContain("\"onmouseover", html);
        Assert.DoesNotContain("onmouseover=\"", html);
    }

    [Fact]
    public void Empty_words_are_empty()
    {
        Assert.Equal("", Html(""));
    }
}
