using System.Security.Cryptography;
using System.Text;

namespace Rapport.Sandbox;

/// <summary>How a run names the code it ran: SHA-256 of its UTF-8 text, lower-case hex.</summary>
public static class CodeHash
{
    public static string Of(string? code) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(code ?? "")));
}
