using Acornima.Ast;
using Flotilla.LoadTest.Scripting.Modules;
using Jint;
using AstModule = Acornima.Ast.Module;

namespace Flotilla.LoadTest.Scripting;

/// <summary>
/// A script read and parsed once, shared by every VU's engine (a <see cref="Prepared{T}"/> is
/// immutable and thread-safe). Its imports are checked here, before any engine runs: only
/// <c>k6</c> and <c>k6/http</c> exist, with the names flotilla implements.
/// </summary>
internal sealed class PreparedScript
{
    private readonly Prepared<AstModule> _module;

    private PreparedScript(string path, Prepared<AstModule> module)
    {
        Path = path;
        _module = module;
    }

    /// <summary>The path as the user gave it: error locations start with it.</summary>
    public string Path { get; }

    public ref readonly Prepared<AstModule> Module => ref _module;

    /// <exception cref="LoadTestInputException">Unreadable, a syntax error, or an import flotilla does not have; one line with its location.</exception>
    public static PreparedScript Load(string path)
    {
        string code;
        try
        {
            code = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new LoadTestInputException($"{path}: {e.Message}", e);
        }
        Prepared<AstModule> module;
        try
        {
            module = Engine.PrepareModule(code, path);
        }
        catch (ScriptPreparationException e) when (e.InnerException is Acornima.ParseErrorException parse)
        {
            // Acornima counts columns from 0, editors from 1.
            throw new LoadTestInputException($"{path}:{parse.LineNumber}:{parse.Column + 1}: {parse.Description}", e);
        }
        CheckImports(path, module.Program ?? throw new InvalidOperationException("Jint prepared no program"));
        return new PreparedScript(path, module);
    }

    private static void CheckImports(string path, AstModule program)
    {
        foreach (var statement in program.Body)
        {
            switch (statement)
            {
                case ImportDeclaration import:
                    var exports = ExportsOf(path, import.Source, import);
                    foreach (var specifier in import.Specifiers)
                    {
                        if (specifier is ImportSpecifier { Imported: var imported } && NameOf(imported) is { } name && name != "default" && !exports.Contains(name))
                        {
                            throw new LoadTestInputException(
                                $"{ScriptErrorText.Location(path, specifier.Location.Start)}: {import.Source.Value} has no export '{name}' in flotilla loadtest (it has: {string.Join(", ", exports)})");
                        }
                    }
                    break;
                case ExportNamedDeclaration { Source: { } source } reexport:
                    ExportsOf(path, source, reexport);
                    break;
                case ExportAllDeclaration { Source: var source } reexport:
                    ExportsOf(path, source, reexport);
                    break;
            }
        }
    }

    /// <summary>The names a module exports; an unknown module is refused at <paramref name="statement"/>'s position.</summary>
    private static IReadOnlyList<string> ExportsOf(string path, StringLiteral source, Node statement) => source.Value switch
    {
        K6Module.Name => K6Module.Exports,
        HttpModule.Name => HttpModule.Exports,
        var other => throw new LoadTestInputException(
            $"{ScriptErrorText.Location(path, statement.Location.Start)}: k6 module '{other}' is not supported by flotilla loadtest (supported: {K6Module.Name}, {HttpModule.Name})"),
    };

    private static string? NameOf(Expression e) => e switch
    {
        Identifier id => id.Name,
        StringLiteral s => s.Value,
        _ => null,
    };
}
