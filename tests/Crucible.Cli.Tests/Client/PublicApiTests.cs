using System.Globalization;
using System.Reflection;
using Crucible.Client;

namespace Crucible.Cli.Tests.Client;

/// <summary>
/// Guards the client's public surface: any change to it shows up as a diff of <c>golden/Crucible.Client.approved.txt</c>,
/// so it is made on purpose. To accept a change, copy the <c>.received.txt</c> written next to the test binary over the approved file.
/// </summary>
public sealed class PublicApiTests
{
    [Fact]
    public void Public_api_matches_the_approved_listing()
    {
        var received = Describe(typeof(CrucibleClient).Assembly);
        var approvedPath = Path.Combine(AppContext.BaseDirectory, "Client", "golden", "Crucible.Client.approved.txt");
        var approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath) : string.Empty;
        if (approved != received)
        {
            File.WriteAllText(approvedPath.Replace(".approved.txt", ".received.txt", StringComparison.Ordinal), received);
        }

        Assert.Equal(approved, received);
    }

    private static string Describe(Assembly assembly)
    {
        var lines = new List<string>();
        foreach (var type in assembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            var kind = type.IsEnum ? "enum" : type.IsValueType ? "struct" : type.IsInterface ? "interface" : type.IsSealed ? "sealed class" : "class";
            var bases = new[] { type.BaseType }.Where(b => b is not null && b != typeof(object) && b != typeof(Enum)).Select(b => b!.ToString())
                .Concat(type.GetInterfaces().Select(i => i.ToString()).Order(StringComparer.Ordinal));
            lines.Add($"{kind} {type.FullName} : {string.Join(", ", bases)}".TrimEnd(' ', ':'));
            const BindingFlags flags = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            var members = type.GetMembers(flags)
                .Where(m => m is not MethodInfo { IsSpecialName: true })
                .Select(Member)
                .Order(StringComparer.Ordinal);
            lines.AddRange(members.Select(m => "  " + m));
        }

        return string.Join('\n', lines) + "\n";
    }

    private static string Member(MemberInfo member) => member switch
    {
        ConstructorInfo c => $"ctor({Parameters(c)})",
        MethodInfo m => $"{(m.IsStatic ? "static " : string.Empty)}{m.ReturnType} {m.Name}({Parameters(m)})",
        PropertyInfo p => $"{p.PropertyType} {p.Name} {{{(p.CanRead ? " get;" : string.Empty)}{(p.SetMethod?.IsPublic == true ? " set;" : string.Empty)} }}",
        FieldInfo f when f.IsLiteral => $"const {f.FieldType} {f.Name} = {Convert.ToString(f.GetRawConstantValue(), CultureInfo.InvariantCulture)}",
        FieldInfo f => $"{(f.IsStatic ? "static " : string.Empty)}{f.FieldType} {f.Name}",
        _ => member.ToString() ?? member.Name,
    };

    private static string Parameters(MethodBase method) => string.Join(", ", method.GetParameters().Select(p =>
        $"{p.ParameterType} {p.Name}{(p.HasDefaultValue ? " = " + Default(p) : string.Empty)}"));

    private static string Default(ParameterInfo parameter) => parameter.DefaultValue switch
    {
        null when parameter.ParameterType.IsValueType && Nullable.GetUnderlyingType(parameter.ParameterType) is null => "default",
        null => "null",
        var value => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "null",
    };
}
