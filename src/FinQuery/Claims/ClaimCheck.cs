using FinQuery.Claims;
using FinQuery.Evaluation;
using FinQuery.Syntax;

namespace FinQuery
{
    public sealed partial class BoundQuery
    {
        // The two sides of a comparison, bound on the first Check: plain evaluation never pays for them.
        private ClaimSides? _sides;

        /// <summary>True when the query is a claim: its result is true or false (a comparison such as <c>revenue[2023Q2] ~= 32B</c>, or any other boolean).</summary>
        public bool IsClaim => _root.Type.Kind == TypeKind.Bool;

        /// <summary>
        /// Evaluates the query as a claim: its verdict, the value of its left side (the figure computed), the figure
        /// it was compared against, and the observations it used. Costs about two evaluations with
        /// <see cref="Explain"/>; for a verdict alone, <see cref="Evaluate()"/> gives the boolean.
        /// </summary>
        /// <param name="entity">The entity bare metric names refer to; the default entity when null.</param>
        /// <param name="cancellation">Cancels the evaluation.</param>
        /// <exception cref="FinQueryException">The query is not a claim (<see cref="IsClaim"/> is false; the exception is
        /// positioned on the query), or the evaluation exceeded a limit of <see cref="QueryOptions"/>.</exception>
        /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> was cancelled.</exception>
        /// <exception cref="ArgumentException"><paramref name="entity"/> belongs to another dataset.</exception>
        public Claim Check(Entity? entity = null, CancellationToken cancellation = default)
        {
            try
            {
                return CheckClaim(entity, cancellation);
            }
            catch (FinQueryException e) when (e.Locate(Query.Text))
            {
                throw;   // never reached: Locate is false
            }
        }

        private Claim CheckClaim(Entity? entity, CancellationToken cancellation)
        {
            var body = Query.Syntax.Body;
            if (!IsClaim)
                throw new FinQueryException(_root.Type.Kind == TypeKind.BoolSeries
                    ? "not a claim: this query gives a boolean series; a claim is true or false at one period, such as yoy(revenue, 2023Q2) > 10%"
                    : $"not a claim: this query gives {_root.Type.Describe()}; a claim is true or false, such as revenue[2023Q2] ~= 32B", body.Span);
            entity ??= DefaultEntity;
            var result = Explain(entity, cancellation);
            var sides = _sides ??= ClaimSides.Bind(this);
            if (sides.Operator is not { } op) return new Claim(result, null, null, null, null, ClaimMatch.None);

            var actual = sides.Left!.Evaluate(entity, cancellation);
            var against = sides.Figure is { } figure
                ? sides.FigureResult(actual)
                : sides.Right!.Evaluate(entity, cancellation);
            var by = op == BinaryOp.About && sides.Figure is { } written && actual.Kind is ResultKind.Number or ResultKind.Percent
                ? written.Match(actual.Number)
                : ClaimMatch.None;
            return new Claim(result, AstPrinter.OperatorText(op), actual, against, sides.Figure, by);
        }

        internal Bound Root => _root;
    }
}

namespace FinQuery.Claims
{
    /// <summary>A comparison's sides bound on their own, with the lets of the query, so that a check can show each one's value.</summary>
    internal sealed class ClaimSides
    {
        private static readonly ClaimSides None = new(null, null, null, null, null);

        private ClaimSides(BinaryOp? op, BoundQuery? left, BoundQuery? right, WrittenFigure? figure, Expr? figureSyntax)
        {
            Operator = op;
            Left = left;
            Right = right;
            Figure = figure;
            _figureSyntax = figureSyntax;
        }

        private readonly Expr? _figureSyntax;

        public BinaryOp? Operator { get; }
        public BoundQuery? Left { get; }
        public BoundQuery? Right { get; }

        /// <summary>The right side as written, when it is a number (always for <c>~=</c>).</summary>
        public WrittenFigure? Figure { get; }

        public static ClaimSides Bind(BoundQuery query)
        {
            var syntax = query.Query.Syntax;
            if (syntax.Body is not BinaryExpr b || !(Ops.IsComparison(b.Op) || b.Op == BinaryOp.About)) return None;
            // A bare year compared with a period is a year (first(...) = 2023), as the binder reads it in the whole query.
            bool leftYear = b.Left is NumberLiteral { IsYearLike: true };
            var left = leftYear ? null : BindSide(query, b.Left);
            WrittenFigure? figure = null;
            BoundQuery? right = null;
            if (b.Right is NumberLiteral { IsYearLike: true } year && left is not null && left.Root.Type.Kind == TypeKind.Period)
                right = Year(query, year);
            else if (IsFigure(b.Right))
                figure = WrittenFigure.From(b.Right, Slice(query.Query.Text, b.Right.Span));
            else
                right = BindSide(query, b.Right);
            if (left is null)
                left = right is not null && right.Root.Type.Kind == TypeKind.Period ? Year(query, (NumberLiteral)b.Left) : BindSide(query, b.Left);
            return new ClaimSides(b.Op, left, right, figure, figure is null ? null : b.Right);
        }

        /// <summary>The written figure as a result in the left side's unit (a percent stays a percent).</summary>
        public QueryResult FigureResult(QueryResult actual)
        {
            string unit = WrittenFigure.IsPercent(_figureSyntax!) ? Units.Percent : actual.Unit;
            return new QueryResult(Value.Number(Figure!.Value), QType.Number(unit), null);
        }

        private static bool IsFigure(Expr e) => (e is UnaryExpr { Op: UnaryOp.Negate } u ? u.Operand : e) is NumberLiteral;

        private static BoundQuery BindSide(BoundQuery query, Expr side)
        {
            var q = query.Query;
            var binder = new Binder(query.Data, query.DefaultEntity, query.Functions, q.Options, q.Text);
            return Wrap(query, binder.BindQuery(new QuerySyntax(q.Syntax.Lets, side, side.Span)), binder.LetCount);
        }

        private static BoundQuery Year(BoundQuery query, NumberLiteral year) =>
            Wrap(query, new ConstNode(Value.Of(Period.OfYear((int)year.Mantissa)), QType.Period, year.Span), 0);

        private static BoundQuery Wrap(BoundQuery query, Bound root, int letCount) =>
            new(query.Query, query.Data, query.DefaultEntity, root, Lowerer.Lower(root, new LoweringContext(query.DefaultEntity)), letCount) { Functions = query.Functions };

        private static string Slice(string text, TextSpan span) =>
            span.Start >= 0 && span.End <= text.Length ? text.Substring(span.Start, span.Length) : "";
    }
}
