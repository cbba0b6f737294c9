using System.Text;
using System.Text.Json;
using Rapport.Sandbox.CSharp;

// Serves compile requests on stdin until the sandbox closes it. Everything goes through
// stdin/stdout: the worker has no writable disk and no network, by design.
var compiler = new SubmissionCompiler();
compiler.WarmUp();

using var input = new StreamReader(Console.OpenStandardInput(), new UTF8Encoding(false));
using var output = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false)) { AutoFlush = false };

await output.WriteLineAsync(JsonSerializer.Serialize(compiler.Hello, CompilerProtocolJson.Default.CompilerHello));
await output.FlushAsync();

while (await input.ReadLineAsync() is { } line)
{
    if (line.Length == 0)
    {
        continue;
    }

    var request = JsonSerializer.Deserialize(line, CompilerProtocolJson.Default.CompileRequest)
        ?? throw new InvalidDataException("Empty compile request.");
    var response = compiler.Compile(request);
    await output.WriteLineAsync(JsonSerializer.Serialize(response, CompilerProtocolJson.Default.CompileResponse));
    await output.FlushAsync();
}
