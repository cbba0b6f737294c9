using Microsoft.AspNetCore.Components.Endpoints;

namespace Rapport.Infrastructure;

/// <summary>
/// Marks a page that answers POST: one with forms, or one the error handlers re-execute for a
/// failed post. Every other page answers GET only, so a page cannot take a post nobody meant it
/// to take, and the authorization matrix has a row for each post that exists.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class AcceptsPostAttribute(string reason) : Attribute
{
    public string Reason { get; } = reason;
}

public static class PageMethods
{
    public static RazorComponentsEndpointConventionBuilder OnlyGetUnlessAcceptsPost(this RazorComponentsEndpointConventionBuilder pages)
    {
        pages.Add(endpoint =>
        {
            var page = endpoint.Metadata.OfType<ComponentTypeMetadata>().FirstOrDefault()?.Type;
            if (page is null || page.IsDefined(typeof(AcceptsPostAttribute), inherit: false))
            {
                return;
            }

            foreach (var methods in endpoint.Metadata.OfType<HttpMethodMetadata>().ToList())
            {
                endpoint.Metadata.Remove(methods);
            }

            endpoint.Metadata.Add(new HttpMethodMetadata([HttpMethods.Get]));
        });
        return pages;
    }
}
