namespace Portal.Web.Api;

public sealed partial class PortalApiClient
{
    public async Task<PaymentView[]> PaymentsAsync(CancellationToken cancellationToken) =>
        await http.GetFromJsonAsync<PaymentView[]>("api/payments", cancellationToken) ?? [];

    public async Task<ApiProblem?> RefundPaymentAsync(Guid id, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync($"api/payments/{id}/refund", null, cancellationToken);
        return response.IsSuccessStatusCode ? null : await ProblemOrThrowAsync(response, cancellationToken);
    }
}
