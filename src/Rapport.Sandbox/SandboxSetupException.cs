namespace Rapport.Sandbox;

/// <summary>A missing prerequisite of isolation, with the exact fix for an operator.</summary>
public sealed class SandboxSetupException : Exception
{
    public SandboxSetupException(string problem, string fix)
        : base(problem)
    {
        Fix = fix;
    }

    public SandboxSetupException()
    {
        Fix = "";
    }

    public SandboxSetupException(string message)
        : base(message)
    {
        Fix = "";
    }

    public SandboxSetupException(string message, Exception innerException)
        : base(message, innerException)
    {
        Fix = "";
    }

    public string Fix { get; }
}
